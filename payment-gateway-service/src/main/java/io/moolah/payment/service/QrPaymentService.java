package io.moolah.payment.service;

import io.moolah.payment.ledger.LedgerHolds;
import io.moolah.payment.model.Payment;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.zapper.ZapperClient;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Pays a merchant from a wallet by Zapper QR code. Steps, each written down before the next remote call:
 * <ol>
 *   <li>decode the code at Zapper (merchant, and the amount if the code fixes it); nothing is recorded for a bad code;</li>
 *   <li>record the payment ({@code CREATED}), then place a hold in the ledger with the customer's token ({@code HELD});
 *       a refusal (not enough money, a limit) fails the payment with no money moved;</li>
 *   <li>report the payment to Zapper, idempotent on our payment id: success means SUCCEEDED and
 *       {@code QrPaymentSucceeded} (the ledger captures the hold into Zapper's clearing account); a decline means FAILED
 *       and {@code QrPaymentFailed} (the ledger voids the hold).</li>
 * </ol>
 * When an outcome is unknown (the ledger or Zapper timed out) the payment is left PENDING at {@code HOLD_UNKNOWN} or
 * {@code PAY_UNKNOWN}, the client gets 202, and {@link QrRecovery} finishes it. Only PENDING moves to SUCCEEDED or
 * FAILED, once (the version guards it), so a hold is captured or voided, never both.
 *
 * <p>The payment id never reaches the customer before the ledger has answered for its hold (reference
 * {@code qr:<paymentId>}): the first request answers only after the hold call, and a replay of the key while the
 * request is still at {@code CREATED} or {@code HELD} gets 409 {@code REQUEST_IN_PROGRESS}, not the id. So nobody can
 * place a hold of their own under that reference ahead of ours. The one answer that names a payment whose hold may
 * not exist is the 202 at {@code HOLD_UNKNOWN}; such a payment is never paid or captured (recovery fails it, and the
 * failure only voids), so a hold placed under its reference is only ever released.
 */
@ApplicationScoped
public class QrPaymentService {
    private static final Logger LOG = Logger.getLogger(QrPaymentService.class);
    public static final String ZAPPER = "ZAPPER";

    /** Where a QR payment has got to. */
    public enum Step { CREATED, HOLD_UNKNOWN, HELD, PAY_UNKNOWN, DONE }

    @Inject
    PaymentRepository payments;

    @Inject
    PaymentStatusChanges changes;

    @Inject
    ZapperClient zapper;

    @Inject
    LedgerHolds holds;

    @Inject
    IdempotencyLocks keys;

    @Inject
    ActiveWallets wallets;

    @Schema(name = "QrPaymentRequest", description = "A payment to the merchant of a scanned Zapper QR code.")
    public record QrRequest(@Schema(required = true, format = "uuid", description = "One of the caller's wallets.") String walletId,
                            @Schema(required = true, maxLength = 2048,
                                    description = "The scanned text, without control characters (surrounding white space is trimmed).")
                            String qrCode,
                            @Schema(required = true, minimum = "1", maximum = "100000000",
                                    description = "Cents; must equal the code's amount when the code fixes one.") Long amount,
                            @Schema(required = true, enumeration = "ZAR") String currency) {
    }

    /** The answer: 201 when settled, 202 while PENDING. */
    @Schema(name = "QrPayment", description = "A QR payment: settled (201) or still being found out (202).")
    public record Answer(@Schema(required = true) UUID paymentId,
                         @Schema(required = true, enumeration = {"SUCCEEDED", "FAILED", "PENDING"},
                                 description = "SUCCEEDED or FAILED (declined by Zapper) when settled; PENDING while the outcome "
                                         + "is being found out.") String status,
                         @Schema(description = "The merchant the code names.") String merchantName,
                         @Schema(hidden = true) boolean replayed) {
        public int httpStatus() {
            return "PENDING".equals(status) ? 202 : 201;
        }
    }

    public Answer pay(Caller caller, String idempotencyKey, QrRequest request) {
        UUID walletId = validate(caller, request);
        String hash = RequestHashes.of(walletId, request.qrCode().trim(), request.amount(), request.currency());
        Optional<Payment> earlier = payments.byIdempotencyKey(caller.customerId(), idempotencyKey);
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        wallets.require(walletId);
        if (!zapper.isConfigured()) {
            throw unavailable();
        }
        ZapperClient.Merchant merchant;
        try {
            merchant = zapper.decode(request.qrCode());
        } catch (ZapperClient.InvalidCode e) {
            throw ProblemException.unprocessable("QR_CODE_INVALID", "This is not a payable Zapper code.");
        } catch (ZapperClient.Unknown e) {
            throw unavailable();
        }
        if (!merchant.currency().equals(request.currency())) {
            throw ProblemException.unprocessable("QR_CURRENCY_MISMATCH", "The code asks for " + merchant.currency()
                    + "; this wallet pays in " + request.currency() + ".");
        }
        if (!merchant.amountEditable() && merchant.amount() > 0 && merchant.amount() != request.amount()) {
            throw ProblemException.unprocessable("QR_AMOUNT_MISMATCH", "The code asks for " + merchant.amount() + " cents.");
        }
        Payment payment;
        try {
            payment = recordIntent(caller.customerId(), idempotencyKey, hash, walletId, request, merchant);
        } catch (RuntimeException e) {
            // Another request with this key got there first (its lock, or the unique index): answer as its replay.
            return replay(payments.byIdempotencyKey(caller.customerId(), idempotencyKey).orElseThrow(() -> e), hash);
        }

        LedgerHolds.Outcome hold = holds.place(payment.id, walletId, payment.amount, payment.currency);
        if (hold.refused()) {
            settleFailed(payment.id, hold.code(), "the ledger refused the hold: " + hold.code());
            throw refusal(hold.status(), hold.code(), hold.detail());
        }
        if (!hold.placed()) {
            step(payment.id, Step.HOLD_UNKNOWN, null);
            return new Answer(payment.id, "PENDING", merchant.merchantName(), false);
        }
        step(payment.id, Step.HELD, hold.holdId());

        ZapperClient.Payment paid;
        try {
            paid = zapper.pay(payment.id, request.qrCode(), payment.amount, payment.currency, walletId);
        } catch (ZapperClient.Unknown e) {
            LOG.warnf("QR payment %s: Zapper's answer is unknown (%s); recovery will find out", payment.id, e.getMessage());
            step(payment.id, Step.PAY_UNKNOWN, null);
            return new Answer(payment.id, "PENDING", merchant.merchantName(), false);
        }
        Payment settled = settle(payment.id, paid);
        return new Answer(settled.id, settled.status.name(), settled.merchantName, false);
    }

    /** Moves a PENDING QR payment to what Zapper says; processing leaves it for recovery. */
    public Payment settle(UUID paymentId, ZapperClient.Payment paid) {
        if (paid.succeeded()) {
            return settleSucceeded(paymentId, paid.paymentReference());
        }
        if (paid.failed()) {
            return settleFailed(paymentId, "DECLINED", "Zapper declined the payment");
        }
        return step(paymentId, Step.PAY_UNKNOWN, null);
    }

    @Transactional
    public Payment settleSucceeded(UUID paymentId, String zapperReference) {
        Payment payment = payments.findById(paymentId);
        if (payment.status == Payment.Status.PENDING) {
            changes.stepped(payment, Step.DONE.name());
            changes.succeeded(payment, zapperReference, "success", "paid through Zapper");
        }
        return payment;
    }

    @Transactional
    public Payment settleFailed(UUID paymentId, String code, String reason) {
        Payment payment = payments.findById(paymentId);
        if (payment.status == Payment.Status.PENDING) {
            changes.stepped(payment, Step.DONE.name());
            changes.failed(payment, code, reason);
        }
        return payment;
    }

    @Transactional
    Payment step(UUID paymentId, Step step, UUID holdId) {
        Payment payment = payments.findById(paymentId);
        if (payment.status == Payment.Status.PENDING) {
            changes.stepped(payment, step.name());
            if (holdId != null) {
                payment.holdId = holdId;
            }
        }
        return payment;
    }

    @Transactional
    Payment recordIntent(UUID customerId, String key, String hash, UUID walletId, QrRequest request, ZapperClient.Merchant merchant) {
        keys.lockOrConflict(customerId, key);
        Payment payment = Payment.pending(Payment.Type.QR_PAYMENT, ZAPPER, customerId, walletId, request.amount(), request.currency(),
                key, hash);
        payment.step = Step.CREATED.name();
        payment.qrCode = request.qrCode().trim();
        payment.merchantReference = merchant.merchantReference();
        payment.siteReference = merchant.siteReference();
        payment.merchantName = merchant.merchantName();
        payments.persist(payment);
        changes.created(payment);
        payments.flush();
        return payment;
    }

    private Answer replay(Payment payment, String hash) {
        if (!hash.equals(payment.requestHash)) {
            throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request.");
        }
        if (inFlight(payment)) {
            throw ProblemException.conflict("REQUEST_IN_PROGRESS",
                    "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        if (payment.status == Payment.Status.FAILED && payment.resultCode != null && !"DECLINED".equals(payment.resultCode)) {
            throw refusal(422, payment.resultCode, payment.failureReason);
        }
        return new Answer(payment.id, payment.status.name(), payment.merchantName, true);
    }

    /**
     * CREATED and HELD are written just before the ledger and Zapper are called: the request that wrote them has not
     * answered yet (or died there, and recovery settles the payment within {@code qr-stuck-after}). HOLD_UNKNOWN and
     * PAY_UNKNOWN were answered 202, DONE with the outcome; those answers are the replay's.
     */
    private static boolean inFlight(Payment payment) {
        return payment.status == Payment.Status.PENDING
                && (Step.CREATED.name().equals(payment.step) || Step.HELD.name().equals(payment.step));
    }

    private static ProblemException refusal(int status, String code, String detail) {
        return new ProblemException(status >= 400 && status < 500 ? status : 422, code, "Payment refused",
                detail == null || detail.isEmpty() ? "The wallet cannot pay this." : detail);
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "PROVIDER_UNAVAILABLE", "Provider unavailable", "Zapper cannot be reached; try again.");
    }

    private static boolean unprintable(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE;
    }

    static UUID validate(Caller caller, QrRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A body is required.");
        }
        UUID walletId = OwnedWallets.of(caller, request.walletId());
        if (request.qrCode() == null || request.qrCode().isBlank() || request.qrCode().length() > 2048) {
            throw ProblemException.invalidField("qrCode", "is required (the scanned text, at most 2048 characters)");
        }
        // The code is kept as text: nothing PostgreSQL text cannot hold (NUL), nor other control characters or half a
        // surrogate pair, which no Zapper code contains. Only surrounding white space (a scanner's line end) is let
        // through, and trimmed.
        if (request.qrCode().strip().codePoints().anyMatch(QrPaymentService::unprintable)) {
            throw ProblemException.invalidField("qrCode", "must not contain control characters");
        }
        if (request.amount() == null || request.amount() <= 0 || request.amount() > 100_000_000L) {
            throw ProblemException.invalidField("amount", "must be a positive number of cents");
        }
        if (!"ZAR".equals(request.currency())) {
            throw ProblemException.invalidField("currency", "must be ZAR");
        }
        return walletId;
    }
}
