package io.moolah.transaction.service;

import io.moolah.transaction.repository.HoldRepository.Hold;
import io.moolah.transaction.model.HoldStatus;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.event.TransactionEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Holds for provider payments, the payment service's alone (it calls with its service credential; its own endpoints
 * checked that the customer owns the wallet). Such a hold never expires on its own: the provider may still pay while
 * the payment is open, and only the payment's outcome (payment.events) captures or voids it. A provider success that
 * finds the hold gone still books the money that left (a {@code LATE_CAPTURE} against treasury suspense) and sets a
 * {@link LedgerExceptions} record aside for an operator.
 */
@ApplicationScoped
public class PaymentHolds {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PaymentHolds.class);

    @Inject
    HoldService holds;

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
    LedgerExceptions exceptions;


    /** A provider paid: what the payment event says, enough to book it even when the hold is gone. */
    public record Capture(String reference, UUID walletId, long amount, String currency, String payeeAccountKey,
                          String counterparty) {
    }

    @Transactional
    public Idempotency.Outcome place(String key, HoldService.PlaceRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        UUID walletId = Amounts.walletId("walletId", request.walletId());
        long amount = amounts.positive(request.amount());
        String currency = amounts.currency(request.currency());
        String reference = request.reference();
        if (!PaymentReferences.isWellFormed(reference)) {
            throw ProblemException.invalidField("reference", "must be qr:<paymentId> or refund:<paymentId>");
        }
        // Shown to the customer, never acted on: the hold lasts as long as its payment is open.
        Instant expiresAt = request.expiresAt() == null ? Instant.now().plus(java.time.Duration.ofHours(1))
                : holds.expiry(request.expiresAt());
        String fingerprint = String.join("|", walletId.toString(), String.valueOf(amount), currency, reference);
        return idempotency.once("payment-hold", key, fingerprint, 201, () -> {
            WalletView wallet = ledger.wallet(walletId)
                    .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
            return holds.placeOn(wallet, amount, currency, reference, expiresAt, true);
        });
    }

    /**
     * Captures the whole open hold placed with the capture's reference into its payee (payment.events, trusted like a
     * top-up). A hold already captured is a replay: nothing happens. A hold that is gone (voided, expired) or was never
     * placed cannot be captured, yet the provider paid: the money is booked from treasury suspense, once per reference.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void capture(Capture capture) {
        Optional<Hold> found = holds.lockLatestByReference(capture.reference());
        if (found.isPresent() && found.get().status() == HoldStatus.CAPTURED) {
            return;
        }
        if (found.isEmpty() || found.get().status() != HoldStatus.OPEN) {
            bookLate(capture, found.orElse(null));
            return;
        }
        Hold hold = found.get();
        long payee = capture.payeeAccountKey() == null ? hold.payeeAccountId() : ledger.systemAccount(capture.payeeAccountKey());
        holds.captureInto(hold, hold.amount(), payee, null, capture.counterparty());
    }

    /** Voids the open hold placed with {@code reference} for a payment that did not go through; nothing if there is none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void voidFor(String reference) {
        Optional<Hold> found = holds.lockLatestByReference(reference);
        if (found.isEmpty() || found.get().status() != HoldStatus.OPEN) {
            return;
        }
        Hold hold = found.get();
        LedgerAccount after = holds.release(hold, HoldStatus.VOIDED);
        events.walletChanged(TransactionEventTypes.HOLD_VOIDED, null, "HOLD", after, 0, "zapper", hold.reference(), hold.id(), Instant.now());
    }

    private void bookLate(Capture capture, Hold hold) {
        if (exceptions.exists(capture.reference())) {
            return;
        }
        String currency = hold != null ? hold.currency() : capture.currency();
        long amount = hold != null ? hold.amount() : capture.amount();
        long payee = capture.payeeAccountKey() != null ? ledger.systemAccount(capture.payeeAccountKey())
                : hold != null ? hold.payeeAccountId() : ledger.systemAccount(HoldService.PAYEE + currency);
        long suspense = ledger.systemAccount("treasury-suspense:" + currency);
        LedgerService.Posted posted = postings.post(LedgerService.Entry.lateCapture(currency, suspense, payee, amount,
                capture.reference(), "late:" + capture.reference()), LedgerService.Rules.NONE);
        String detail = hold == null
                ? "the provider paid " + capture.reference() + " but no hold was placed for it"
                : "the provider paid " + capture.reference() + " after its hold " + hold.id() + " was " + hold.status().name().toLowerCase();
        exceptions.record(LedgerExceptions.Kind.LATE_CAPTURE, capture.reference(),
                hold != null ? hold.walletId() : capture.walletId(), hold != null ? hold.id() : null, amount, currency,
                posted.entryId(), detail + "; booked against treasury suspense, recover it from the wallet by adjustment");
        LOG.errorf("LATE_CAPTURE %s: %s; an operator must resolve it (docs/operations.md)", capture.reference(), detail);
    }
}
