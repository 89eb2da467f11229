package io.moolah.transaction.service;

import io.moolah.platform.phone.PhoneNumbers;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.repository.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Customer-to-customer transfers: the request's form is checked here, on the caller's thread; the money rules are
 * checked from the ledger's own data by the batching writer ({@link TransferWriter}, {@link TransferBatch}).
 */
@ApplicationScoped
public class TransferService {

    @Inject
    TransferWriter writer;

    @Inject
    Amounts amounts;

    @Schema(name = "TransferRequest", description = "Exactly one of toWalletId and toPhoneNumber names the recipient.",
            requiredProperties = {"fromWalletId", "amount", "currency"})
    public record Request(@Schema(format = "uuid", description = "One of the caller's wallets.") String fromWalletId,
                          @Schema(format = "uuid") String toWalletId,
                          @Schema(description = "E.164 (+27821234567) or a local South African form (0821234567).") String toPhoneNumber,
                          @Schema(description = "Minor units (cents), positive.", minimum = "1") Long amount,
                          @Schema(description = "ISO-4217, such as ZAR.", pattern = "^[A-Z]{3}$") String currency,
                          @Schema(description = "Optional free text, at most 140 characters.", maxLength = 140) String reference) {
    }

    /** API.md's answer, plus the sender's wallet version for read-your-writes. */
    @Schema(name = "Transfer", requiredProperties = {"transactionId", "status", "amount", "currency", "fromWalletId",
            "toWalletId", "createdAt", "version"})
    public record Result(UUID transactionId,
                         @Schema(enumeration = {"POSTED", "PENDING", "RETURNED"}, description = "POSTED: done. Between "
                                 + "wallets on different ledger shards: PENDING while the recipient's shard has not yet "
                                 + "taken it (it completes by itself; the same request again shows how it ended), RETURNED "
                                 + "when that shard refused it after the checks passed and the amount came back.") String status,
                         @Schema(description = "Minor units (cents).") long amount, String currency, UUID fromWalletId,
                         UUID toWalletId, Instant createdAt,
                         @Schema(description = "The sending wallet's version after the transfer (for Min-Version).") long version) {
    }

    /**
     * Validates the request and queues it for the next batch.
     *
     * @return the answer once the batch has committed (or the problem that refused it)
     * @throws ProblemException when the request itself is malformed (nothing is queued)
     */
    public CompletionStage<Idempotency.Outcome> transfer(Caller caller, String idempotencyKey, Request request) {
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        UUID from = Amounts.walletId("fromWalletId", request.fromWalletId());
        boolean byId = request.toWalletId() != null;
        if (byId == (request.toPhoneNumber() != null)) {
            throw ProblemException.invalidField("toWalletId", "give exactly one of toWalletId and toPhoneNumber");
        }
        UUID toId = byId ? Amounts.walletId("toWalletId", request.toWalletId()) : null;
        String toPhone = byId ? null : PhoneNumbers.normalise(request.toPhoneNumber(), "toPhoneNumber");
        long amount = amounts.positive(request.amount());
        String currency = amounts.currency(request.currency());
        String reference = Amounts.text("reference", request.reference(), false);
        String fingerprint = String.join("|", from.toString(), String.valueOf(toId), String.valueOf(toPhone),
                String.valueOf(amount), currency, String.valueOf(reference));
        Idempotency.Claim claim = Idempotency.Claim.of("transfer:" + caller.customerId(), idempotencyKey, fingerprint);
        return writer.submit(new TransferOrder(caller.customerId(), claim, from, toId,
                toPhone == null ? null : new LedgerRepository.PhoneKey(toPhone, currency), amount, currency, reference));
    }
}
