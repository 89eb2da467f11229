package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.TimeParameters;
import io.moolah.transaction.repository.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What moved through a payment provider's clearing account on one UTC day: the ledger's side of a reconciliation.
 * Read from the primary (a reconciliation must not miss the last minutes to replica lag).
 */
@ApplicationScoped
public class ClearingEntries {
    private static final Set<String> PROVIDERS = Set.of("PEACH", "ZAPPER");

    @Inject
    Sql sql;

    /**
     * @param amount as the clearing account saw it: negative for money paid out of it (a top-up credited to a wallet),
     *               positive for money paid into it (a QR payment captured from a wallet)
     */
    @Schema(name = "ClearingEntry", requiredProperties = {"transactionId", "type", "amount", "createdAt"})
    public record Entry(UUID transactionId, String type,
                        @Schema(description = "Minor units (cents) as the clearing account saw it: negative for money paid "
                                + "out of it (a top-up), positive for money paid into it (a captured QR payment).") long amount,
                        String reference, String externalRef, Instant createdAt) {
    }

    @Schema(name = "ClearingDay", requiredProperties = {"provider", "currency", "date", "entries"})
    public record Day(@Schema(enumeration = {"PEACH", "ZAPPER"}) String provider, String currency, LocalDate date,
                      @Schema(description = "Oldest first.") List<Entry> entries) {
    }

    public Day of(String provider, String currency, String date) {
        if (provider == null || !PROVIDERS.contains(provider)) {
            throw ProblemException.invalidField("provider", "must be one of " + PROVIDERS);
        }
        if (!"ZAR".equals(currency)) {
            throw ProblemException.invalidField("currency", "must be ZAR");
        }
        LocalDate day = TimeParameters.date("date", date);
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Entry> entries = sql.list("""
                        select e.id, e.type, p.amount, e.reference, e.external_ref, e.created_at
                        from posting p
                        join journal_entry e on e.id = p.entry_id
                        join ledger_account a on a.id = p.account_id
                        where a.account_key = ? and e.created_at >= ? and e.created_at < ?
                        order by e.seq""",
                row -> new Entry(row.getObject(1, UUID.class), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
                        row.getObject(6, java.time.OffsetDateTime.class).toInstant()),
                "clearing:" + provider + ":" + currency, from, from.plusSeconds(86_400));
        return new Day(provider, currency, day, entries);
    }
}
