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

    public record Request(String fromWalletId, String toWalletId, String toPhoneNumber, Long amount, String currency,
                          String reference) {
    }

    /** API.md's answer, plus the sender's wallet version for read-your-writes. */
    public record Result(UUID transactionId, String status, long amount, String currency, UUID fromWalletId,
                         UUID toWalletId, Instant createdAt, long version) {
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
