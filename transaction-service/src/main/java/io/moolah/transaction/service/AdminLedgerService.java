package io.moolah.transaction.service;

import io.moolah.transaction.event.CrossShardEvents;
import io.moolah.transaction.model.EntryType;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The operator's corrections: adjustments against treasury suspense, and reversals. Nothing is ever edited or deleted. */
@ApplicationScoped
public class AdminLedgerService {

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerService postings;

    @Inject
    Idempotency idempotency;

    @Inject
    Amounts amounts;

    @Inject
    TransactionEvents events;


    @Inject
    Approvals approvals;

    @Inject
    CrossShardTransfers crossShard;

    @Inject
    io.moolah.transaction.shard.LedgerShards shards;

    @Inject
    io.moolah.transaction.shard.WalletDirectory directory;

    @Inject
    io.moolah.transaction.config.LedgerSettings settings;

    @Schema(name = "AdjustmentRequest", requiredProperties = {"walletId", "amount", "currency", "reason"})
    public record AdjustmentRequest(@Schema(format = "uuid") String walletId,
                                    @Schema(description = "Minor units (cents), non-zero: positive credits the wallet, negative "
                                            + "debits it (against treasury suspense).") Long amount,
                                    @Schema(description = "ISO-4217, such as ZAR.", pattern = "^[A-Z]{3}$") String currency,
                                    @Schema(description = "At most 140 characters.", maxLength = 140) String reason) {
    }

    @Schema(name = "Adjustment", requiredProperties = {"transactionId", "type", "walletId", "amount", "currency", "reason",
            "createdAt", "version"})
    public record Adjustment(UUID transactionId, @Schema(enumeration = "ADJUSTMENT") String type, UUID walletId,
                             @Schema(description = "Minor units (cents); negative debited the wallet.") long amount,
                             String currency, String reason, Instant createdAt,
                             @Schema(description = "The wallet's version after the adjustment (for Min-Version).") long version) {
    }

    @Schema(name = "Reversal", requiredProperties = {"transactionId", "type", "reverses", "amount", "currency", "reason",
            "createdAt"})
    public record Reversal(UUID transactionId, @Schema(enumeration = "REVERSAL") String type,
                           @Schema(description = "The reversed transaction.") UUID reverses,
                           @Schema(description = "Minor units (cents).") long amount, String currency, String reason,
                           Instant createdAt) {
    }

    /**
     * An adjustment against treasury suspense: posted at once (201) up to the configured amount, above it recorded
     * for a second operator's approval (202). Replays of the key get the same answer.
     */
    @Transactional
    public Idempotency.Outcome adjust(Caller operator, String key, AdjustmentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        UUID walletId = Amounts.walletId("walletId", request.walletId());
        long amount = amounts.nonZero(request.amount());
        String currency = amounts.currency(request.currency());
        String reason = Amounts.text("reason", request.reason(), true);
        String fingerprint = String.join("|", walletId.toString(), String.valueOf(amount), currency, reason);
        boolean needsApproval = Math.abs(amount) > settings.adjustmentApprovalAbove();
        return idempotency.once("adjustment:" + operator.customerId(), key, fingerprint, needsApproval ? 202 : 201, () -> {
            if (needsApproval) {
                ledger.wallet(walletId).orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
                return approvals.request(operator, Approvals.Kind.ADJUSTMENT, null, walletId, amount, currency, reason);
            }
            return postAdjustment(operator.customerId(), walletId, amount, currency, reason);
        });
    }

    /** Posts an adjustment requested by {@code operatorId} (approved, or small enough to need no approval). */
    @Transactional(Transactional.TxType.MANDATORY)
    Adjustment postAdjustment(UUID operatorId, UUID walletId, long amount, String currency, String reason) {
        WalletView wallet = ledger.wallet(walletId)
                .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
        long suspense = ledger.systemAccount("treasury-suspense:" + currency);
        LedgerService.Posted posted = postings.post(LedgerService.Entry.adjustment(currency, wallet.accountId(), suspense, amount,
                reason, operatorId), LedgerService.Rules.NONE);
        LedgerAccount after = posted.account(wallet.accountId());
        events.walletChanged(TransactionEventTypes.ADJUSTMENT_POSTED, posted.entryId(), "ADJUSTMENT", after, amount,
                "treasury-suspense", reason, null, posted.at());
        return new Adjustment(posted.entryId(), "ADJUSTMENT", walletId, amount, currency, reason, posted.at(), after.version());
    }

    /**
     * A reversal always waits for a second operator (202 with the approval): the transaction must exist and be
     * reversible now, and is checked again when approved.
     */
    @Transactional
    public Idempotency.Outcome reverse(Caller operator, String key, String transactionId, String reasonText) {
        UUID original = transactionId(transactionId);
        String reason = Amounts.text("reason", reasonText, true);
        return idempotency.once("reversal:" + operator.customerId(), key, original + "|" + reason, 202, () -> {
            requireReversible(original);
            return approvals.request(operator, Approvals.Kind.REVERSAL, original, null, null, null, reason);
        });
    }

    /** A new entry with every posting of the original negated; each transaction is reversed at most once. */
    @Transactional(Transactional.TxType.MANDATORY)
    Reversal postReversal(UUID operatorId, UUID original, String reason) {
        LedgerRepository.EntryHead entry = requireReversible(original);
        List<LedgerService.Leg> legs = ledger.postingsOf(original).stream()
                .map(posting -> new LedgerService.Leg(posting.accountId(), -posting.amount())).toList();
        LedgerService.Posted posted = postings.post(LedgerService.Entry.reversal(entry.currency(), legs, reason, original,
                operatorId), locked -> {
            // Checked under the accounts' locks: a concurrent reversal of the same entry has committed or waits.
            if (ledger.isReversed(original)) {
                throw ProblemException.conflict("ALREADY_REVERSED", "This transaction has already been reversed.");
            }
        });
        for (LedgerService.Leg leg : legs) {
            LedgerAccount account = posted.account(leg.accountId());
            events.walletChanged(TransactionEventTypes.TRANSACTION_REVERSED, posted.entryId(), "REVERSAL", account, leg.amount(),
                    original.toString(), reason, null, posted.at());
        }
        ledger.receivedAcross(original).ifPresent(from -> sendReversalBack(original, from, legs, posted, operatorId, reason));
        return new Reversal(posted.entryId(), "REVERSAL", original, posted.amount(), entry.currency(), reason, posted.at());
    }

    /**
     * The original was a transfer from another shard: its money has just left the recipient here into the clearing
     * account for that shard; it travels back as a cross-shard movement that reverses the sending entry there.
     */
    private void sendReversalBack(UUID original, LedgerRepository.Received from, List<LedgerService.Leg> legs,
                                  LedgerService.Posted posted, UUID operatorId, String reason) {
        LedgerService.Leg recipientLeg = legs.stream().filter(leg -> posted.account(leg.accountId()).isWallet()).findFirst().orElseThrow();
        LedgerAccount recipient = posted.account(recipientLeg.accountId());
        long amount = -recipientLeg.amount();
        CrossShardEvents.Sent back = new CrossShardEvents.Sent(posted.entryId(), shards.currentShard().number(), from.fromShard(),
                recipient.walletId(), from.fromWalletId(), amount, recipient.currency(), reason, operatorId, original);
        TransferService.Result result = new TransferService.Result(posted.entryId(), CrossShardTransfers.PENDING, amount,
                recipient.currency(), recipient.walletId(), from.fromWalletId(), posted.at(), recipient.version());
        crossShard.recordSent(List.of(new CrossShardTransfers.Sent(back,
                Idempotency.Claim.of("reversal-across", posted.entryId().toString(), original.toString()), result,
                io.moolah.platform.tracing.TraceParents.current())));
    }

    private LedgerRepository.EntryHead requireReversible(UUID original) {
        LedgerRepository.EntryHead entry = ledger.entryHead(original)
                .orElseThrow(() -> ProblemException.notFound("TRANSACTION_NOT_FOUND", "No such transaction."));
        if (entry.type().equals(EntryType.REVERSAL.name())) {
            throw ProblemException.conflict("CANNOT_REVERSE_REVERSAL", "A reversal cannot itself be reversed.");
        }
        if (entry.type().equals(EntryType.MIGRATION.name())) {
            throw ProblemException.conflict("CANNOT_REVERSE_WALLET_MOVE", "A wallet's move between ledger shards is not a "
                    + "transaction to reverse.");
        }
        boolean senderMoved = ledger.receivedAcross(original)
                .flatMap(from -> directory.numberOf(from.fromWalletId()).map(shard -> shard != from.fromShard())).orElse(false);
        if (senderMoved || ledger.touchesMovedWallet(original)) {
            // Its money would come back to the wallet's old account, which no longer takes any (WalletMoves).
            throw ProblemException.conflict("WALLET_MOVED", "A wallet of this transaction has moved to another ledger shard "
                    + "since; correct it with an adjustment instead.");
        }
        if (ledger.isReversed(original)) {
            throw ProblemException.conflict("ALREADY_REVERSED", "This transaction has already been reversed.");
        }
        if (ledger.isSentAcross(original)) {
            // A transfer to another shard is reversed from the recipient's shard, where the money now is (the request
            // is routed there once the recipient has it): here it is still on its way, or came back already.
            throw ProblemException.conflict("CROSS_SHARD_TRANSFER", "This transfer is still on its way between ledger shards; "
                    + "ask again in a moment.");
        }
        return entry;
    }

    private static UUID transactionId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("TRANSACTION_NOT_FOUND", "No such transaction.");
        }
    }
}
