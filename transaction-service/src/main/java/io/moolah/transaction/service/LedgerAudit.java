package io.moolah.transaction.service;

import io.moolah.transaction.repository.AuditQueries;
import io.moolah.transaction.repository.AuditQueries.CurrencySum;
import io.moolah.transaction.repository.AuditQueries.ShardFigures;
import io.moolah.transaction.repository.Sql;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.Shard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's global invariants, checked over every shard (docs/sharding.md, "The audit"): on each shard every
 * account's balance is the sum of its postings, every entry balances and no wallet is below zero; over all shards, per
 * currency, the balances of every account but the inter-shard clearing ones, plus the money in flight between shards,
 * sum to zero. {@link Report#clean()} is true exactly when every figure that must be zero is.
 */
@ApplicationScoped
public class LedgerAudit {
    private static final int SETTLE_RETRIES = 10;
    private static final long SETTLE_PAUSE_MILLIS = 200;

    @Inject
    LedgerShards shards;

    @Inject
    AuditQueries queries;

    @Schema(name = "LedgerAuditShard", requiredProperties = {"shard", "entries", "accounts", "unbalancedEntries",
            "accountsOffTheirPostings", "negativeWallets"})
    public record ShardReport(
            @Schema(description = "The shard's number (0 is the service's own database).") int shard,
            @Schema(description = "Journal entries on this shard.") long entries,
            @Schema(description = "Ledger accounts on this shard (wallets and system accounts).") long accounts,
            @Schema(description = "Entries whose postings do not sum to zero (must be 0).") long unbalancedEntries,
            @Schema(description = "Accounts whose balance is not the sum of their postings: a lost or doubled update "
                    + "(must be 0).") long accountsOffTheirPostings,
            @Schema(description = "Wallets below zero, counting held money and any overdraft (must be 0).") long negativeWallets) {

        boolean sound() {
            return unbalancedEntries == 0 && accountsOffTheirPostings == 0 && negativeWallets == 0;
        }
    }

    @Schema(name = "LedgerAuditCurrency", requiredProperties = {"currency", "balanceSum", "interShardSum", "inFlightCount",
            "inFlightAmount", "discrepancy"})
    public record CurrencyReport(
            String currency,
            @Schema(description = "Minor units: every account's balance on every shard summed, the inter-shard clearing "
                    + "accounts excepted.") long balanceSum,
            @Schema(description = "Minor units: the inter-shard clearing accounts summed over all shards (the money "
                    + "that has left one shard and not yet reached another).") long interShardSum,
            @Schema(description = "Cross-shard transfers sent and not yet completed or returned.") long inFlightCount,
            @Schema(description = "Minor units: what those transfers carry.") long inFlightAmount,
            @Schema(description = "Minor units: balanceSum plus inFlightAmount; zero on a sound ledger, otherwise the "
                    + "exact amount created (positive) or lost (negative).") long discrepancy) {
    }

    @Schema(name = "LedgerAudit", requiredProperties = {"clean", "checkedAt", "currencies", "shards"})
    public record Report(
            @Schema(description = "True when every discrepancy and every per-shard problem count is zero.") boolean clean,
            Instant checkedAt, List<CurrencyReport> currencies, List<ShardReport> shards) {
    }

    /** One shard's figures, on its primary, outside any JTA transaction (a snapshot of its own). */
    private ShardFigures ask(Shard shard) {
        try (Connection connection = shard.primary().getConnection()) {
            return queries.ask(connection);
        } catch (SQLException e) {
            throw new Sql.DataAccessException(e);
        }
    }

    /**
     * Asks every shard and adds up what they answered. The shards are read one after the other, so a cross-shard
     * transfer that ends in between can make the in-flight figures disagree for a moment: such a disagreement alone is
     * asked again, a few times, before it is reported.
     */
    public Report run() {
        Report report = once();
        for (int retry = 0; retry < SETTLE_RETRIES && !report.clean() && report.shards().stream().allMatch(ShardReport::sound); retry++) {
            try {
                Thread.sleep(SETTLE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            report = once();
        }
        return report;
    }

    private Report once() {
        Instant checkedAt = Instant.now();
        List<ShardReport> reports = new ArrayList<>();
        Map<String, long[]> sums = new TreeMap<>();
        for (Shard shard : shards.shards()) {
            ShardFigures figures = ask(shard);
            long accounts = 0;
            for (CurrencySum currency : figures.currencies()) {
                accounts += currency.accounts();
                long[] sum = sums.computeIfAbsent(currency.currency(), ignored -> new long[4]);
                sum[0] += currency.balanceSum() - currency.interShardSum();
                sum[1] += currency.interShardSum();
            }
            for (AuditQueries.InFlight inFlight : figures.inFlight()) {
                long[] sum = sums.computeIfAbsent(inFlight.currency(), ignored -> new long[4]);
                sum[2] += inFlight.count();
                sum[3] += inFlight.amount();
            }
            reports.add(new ShardReport(shard.number(), figures.entries(), accounts, figures.unbalancedEntries(),
                    figures.accountsOffTheirPostings(), figures.negativeWallets()));
        }
        List<CurrencyReport> currencies = new ArrayList<>();
        sums.forEach((currency, sum) -> currencies.add(new CurrencyReport(currency, sum[0], sum[1], sum[2], sum[3], sum[0] + sum[3])));
        boolean clean = reports.stream().allMatch(ShardReport::sound)
                && currencies.stream().allMatch(currency -> currency.discrepancy() == 0 && currency.interShardSum() == currency.inFlightAmount());
        return new Report(clean, checkedAt, currencies, reports);
    }
}
