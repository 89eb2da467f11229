package io.moolah.payment.service;

import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.model.Payment;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Starts a card top-up: checks the request, then, holding the caller's Idempotency-Key (see {@link IdempotencyLocks}),
 * records a PENDING payment, asks Peach for a hosted checkout and records it, all in one transaction. So one key opens
 * at most one checkout: a request with the key while another is at Peach gets 409 {@code REQUEST_IN_PROGRESS}, one
 * after it the stored answer. Peach is called inside that transaction on purpose: the lock must last until the
 * checkout is recorded, and if this process dies at Peach the transaction (payment and all) rolls back, so a later
 * retry starts afresh; a checkout Peach may have opened meanwhile was never shown to anyone and cannot be paid. The
 * price is a database connection held for the length of the Peach call (bounded by its timeouts). A clear provider
 * failure is recorded (FAILED, no checkout) and answered 503; the key then keeps that answer.
 */
@ApplicationScoped
public class TopUpService {
    private static final Logger LOG = Logger.getLogger(TopUpService.class);
    public static final String PEACH = "PEACH";

    @Inject
    PaymentRepository payments;

    @Inject
    PaymentStatusChanges changes;

    @Inject
    PeachClient peach;

    @Inject
    PaymentSettings settings;

    @Inject
    IdempotencyLocks keys;

    @Inject
    ActiveWallets wallets;

    @Schema(name = "TopUpRequest", description = "A card top-up of one of the caller's wallets.")
    public record TopUpRequest(@Schema(required = true, format = "uuid", description = "One of the caller's wallets.") String walletId,
                               @Schema(required = true, minimum = "1000", maximum = "5000000",
                                       description = "Cents, 1,000 to 5,000,000 (R10 to R50,000).") Long amount,
                               @Schema(required = true, enumeration = "ZAR") String currency,
                               @Schema(required = true, enumeration = "PEACH") String provider) {
    }

    /** The answer to POST /topups; {@code replayed} when the key had been used for this same request before. */
    @Schema(name = "TopUp", description = "A top-up and the Peach checkout to pay it in.")
    public record Started(@Schema(required = true) UUID paymentId,
                          @Schema(required = true, description = "PENDING until Peach confirms; a replay gives the status now.",
                                  enumeration = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "REFUNDED"}) String status,
                          @Schema(description = "Peach's checkout id.") String checkoutId,
                          @Schema(description = "Where to send the customer to pay.") String redirectUrl,
                          @Schema(hidden = true) boolean replayed) {
    }

    public Started start(Caller caller, String idempotencyKey, TopUpRequest request) {
        UUID walletId = validate(caller, request);
        String hash = RequestHashes.of(walletId, request.amount(), request.currency(), request.provider());
        Started started = startOnce(caller.customerId(), idempotencyKey, hash, walletId, request);
        if (Payment.Status.FAILED.name().equals(started.status()) && started.checkoutId() == null) {
            // Thrown only now, after the failure was committed with the key.
            throw new ProblemException(503, "PROVIDER_UNAVAILABLE", "Provider unavailable",
                    "The card provider could not be reached; try again with a new Idempotency-Key.");
        }
        return started;
    }

    private UUID validate(Caller caller, TopUpRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A body is required.");
        }
        UUID walletId = OwnedWallets.of(caller, request.walletId());
        if (request.amount() == null) {
            throw ProblemException.invalidField("amount", "is required (an integer number of cents)");
        }
        if (request.amount() < settings.minTopUp() || request.amount() > settings.maxTopUp()) {
            throw ProblemException.invalidField("amount", "must be between " + settings.minTopUp() + " and "
                    + settings.maxTopUp() + " cents");
        }
        if (!"ZAR".equals(request.currency())) {
            throw ProblemException.invalidField("currency", "must be ZAR");
        }
        if (!PEACH.equals(request.provider())) {
            throw ProblemException.invalidField("provider", "must be PEACH");
        }
        return walletId;
    }

    @Transactional
    Started startOnce(UUID customerId, String key, String hash, UUID walletId, TopUpRequest request) {
        keys.lockOrConflict(customerId, key);
        Optional<Payment> existing = payments.byIdempotencyKey(customerId, key);
        if (existing.isPresent()) {
            Payment earlier = existing.get();
            if (!earlier.requestHash.equals(hash)) {
                throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request.");
            }
            if (earlier.checkoutId != null || earlier.status != Payment.Status.PENDING) {
                return started(earlier, true);
            }
        }
        // A new top-up, or one recorded before checkouts were opened under the key's lock and left without one.
        wallets.require(walletId);
        Payment payment = existing.orElseGet(() -> recordIntent(customerId, key, hash, walletId, request));
        try {
            PeachClient.Checkout checkout = peach.createCheckout(payment.merchantTransactionId, payment.amount, payment.currency);
            payment.checkoutId = checkout.checkoutId();
            payment.redirectUrl = checkout.redirectUrl();
            payment.updatedAt = Instant.now();
        } catch (PeachClient.ProviderUnavailable e) {
            LOG.warnf("top-up %s: no checkout: %s", payment.id, e.getMessage());
            changes.failed(payment, null, "no checkout: " + e.getMessage());
        }
        return started(payment, false);
    }

    private Payment recordIntent(UUID customerId, String key, String hash, UUID walletId, TopUpRequest request) {
        Payment payment = Payment.pending(Payment.Type.TOPUP, PEACH, customerId, walletId, request.amount(), request.currency(),
                key, hash);
        payment.merchantTransactionId = payment.id.toString().replace("-", "").substring(0, 16);
        payments.persist(payment);
        changes.created(payment);
        // Written out before Peach is asked: a row the database refuses must not leave a checkout behind.
        payments.flush();
        return payment;
    }

    private static Started started(Payment payment, boolean replayed) {
        return new Started(payment.id, payment.status.name(), payment.checkoutId, payment.redirectUrl, replayed);
    }
}
