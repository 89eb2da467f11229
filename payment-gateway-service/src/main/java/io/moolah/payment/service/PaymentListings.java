package io.moolah.payment.service;

import io.moolah.payment.model.Payment;
import io.moolah.payment.repository.ReplicaPaymentReads;
import io.moolah.payment.service.PaymentViews.PaymentView;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.PageCursor;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /payments}: the caller's own payments (top-ups and QR payments), newest first, narrowed by status and by
 * creation time in [{@code from}, {@code to}), in pages with an opaque cursor (API.md). An operator has no payments
 * of their own (their page is empty); they find a customer's through the admin paths.
 */
@ApplicationScoped
public class PaymentListings {
    /** Which listing a cursor belongs to (the ledger's history and holds use 1 and 2). */
    private static final byte CURSOR_LISTING = 3;
    private static final Instant NO_END = Instant.parse("9999-12-31T00:00:00Z");

    @Inject
    ReplicaPaymentReads payments;

    @Schema(name = "PaymentPage", description = "A page of payments, newest first.")
    public record Page(@Schema(required = true) List<PaymentView> items,
                       @Schema(required = true, nullable = true,
                               description = "Opaque: pass as cursor for the next page; null on the last page.") String nextCursor) {
    }

    /**
     * From the read replica within the staleness bound: a page may miss the newest payments for that long. An empty page
     * is asked again of the primary (so an operator's, always empty, comes from the primary).
     */
    public Page list(Caller caller, String status, Instant from, Instant to, int limit, String cursor) {
        Payment.Status wanted = status == null ? null : status(status);
        PageCursor.Position after = cursor == null ? null : PageCursor.decode(CURSOR_LISTING, cursor);
        List<Payment> found = payments.ownNewestFirst(caller.customerId(), wanted, from == null ? Instant.EPOCH : from,
                to == null ? NO_END : to, after, limit + 1);
        String next = null;
        if (found.size() > limit) {
            found = found.subList(0, limit);
            Payment last = found.get(limit - 1);
            next = PageCursor.encode(CURSOR_LISTING, new PageCursor.Position(last.createdAt, last.id));
        }
        return new Page(found.stream().map(PaymentViews::view).toList(), next);
    }

    private static Payment.Status status(String text) {
        try {
            return Payment.Status.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of " + Arrays.toString(Payment.Status.values()));
        }
    }
}
