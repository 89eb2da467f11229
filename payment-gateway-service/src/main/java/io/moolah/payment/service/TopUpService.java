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

/**
 * Starts a card top-up: checks the request, records a PENDING payment under the caller's idempotency key, then asks
 * Peach for a hosted checkout. The provider is called outside any database transaction; a retry with the same key
 * gets the same payment (and its checkout), never a second one.
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

    public record TopUpRequest(String walletId, Long amount, String currency, String provider) {
    }

    /** The answer to POST /topups; {@code replayed} when the key had been used for this same request before. */
    public record Started(UUID paymentId, String status, String checkoutId, String redirectUrl, boolean replayed) {
    }

    public Started start(Caller caller, String idempotencyKey, TopUpRequest request) {
        UUID walletId = validate(caller, request);
        String hash = RequestHashes.of(walletId, request.amount(), request.currency(), request.provider());
        Payment payment;
        try {
            payment = recordIntent(caller.customerId(), idempotencyKey, hash, walletId, request);
        } catch (RuntimeException e) {
            // Two requests with one key at once: the second insert meets the unique index; the first one's payment wins.
            payment = payments.byIdempotencyKey(caller.customerId(), idempotencyKey).orElseThrow(() -> e);
        }
        if (!payment.requestHash.equals(hash)) {
            throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request.");
        }
        boolean replayed = payment.checkoutId != null || payment.status != Payment.Status.PENDING;
        if (payment.checkoutId == null && payment.status == Payment.Status.PENDING) {
            payment = openCheckout(payment);
        }
        if (payment.status == Payment.Status.FAILED && payment.checkoutId == null) {
            throw new ProblemException(503, "PROVIDER_UNAVAILABLE", "Provider unavailable",
                    "The card provider could not be reached; try again with a new Idempotency-Key.");
        }
        return new Started(payment.id, payment.status.name(), payment.checkoutId, payment.redirectUrl, replayed);
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
    Payment recordIntent(UUID customerId, String key, String hash, UUID walletId, TopUpRequest request) {
        Optional<Payment> existing = payments.byIdempotencyKey(customerId, key);
        if (existing.isPresent()) {
            return existing.get();
        }
        Payment payment = Payment.pending(Payment.Type.TOPUP, PEACH, customerId, walletId, request.amount(), request.currency(),
                key, hash);
        payment.merchantTransactionId = payment.id.toString().replace("-", "").substring(0, 16);
        payments.persist(payment);
        changes.created(payment);
        payments.flush();
        return payment;
    }

    private Payment openCheckout(Payment payment) {
        try {
            PeachClient.Checkout checkout = peach.createCheckout(payment.merchantTransactionId, payment.amount, payment.currency);
            return recordCheckout(payment.id, checkout);
        } catch (PeachClient.ProviderUnavailable e) {
            LOG.warnf("top-up %s: no checkout: %s", payment.id, e.getMessage());
            return recordNoCheckout(payment.id, e.getMessage());
        }
    }

    @Transactional
    Payment recordCheckout(UUID paymentId, PeachClient.Checkout checkout) {
        Payment payment = payments.findById(paymentId);
        payment.checkoutId = checkout.checkoutId();
        payment.redirectUrl = checkout.redirectUrl();
        payment.updatedAt = Instant.now();
        return payment;
    }

    @Transactional
    Payment recordNoCheckout(UUID paymentId, String why) {
        Payment payment = payments.findById(paymentId);
        changes.failed(payment, null, "no checkout: " + why);
        return payment;
    }
}
