package io.moolah.transaction.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerException;
import io.moolah.transaction.repository.LedgerExceptionRecords;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Money the ledger booked but could not settle as it should (a provider paid after the payment's hold was gone), set
 * aside for an operator: listed at {@code GET /admin/ledger-exceptions}, resolved with a note once the operator has
 * recovered the money (an adjustment). The gauge {@code moolah_ledger_exceptions_open} feeds an alert.
 */
@ApplicationScoped
public class LedgerExceptions {
    public enum Kind { LATE_CAPTURE }

    @Inject
    LedgerExceptionRecords records;

    @Inject
    MeterRegistry registry;

    private final AtomicLong open = new AtomicLong();

    @Schema(name = "LedgerExceptionResolveRequest", requiredProperties = "resolution")
    public record ResolveRequest(@Schema(description = "How the money was recovered, at most 140 characters.", maxLength = 140)
                                 String resolution) {
    }

    @PostConstruct
    void gauge() {
        registry.gauge("moolah.ledger.exceptions.open", open);
    }

    @Scheduled(every = "30s", delayed = "1s")
    void count() {
        open.set(records.countOpen());
    }

    boolean exists(String reference) {
        return records.exists(reference);
    }

    void record(Kind kind, String reference, UUID walletId, UUID holdId, long amount, String currency, UUID entryId, String detail) {
        records.insertOpen(kind.name(), reference, walletId, holdId, amount, currency, entryId, detail);
        open.incrementAndGet();
    }

    public List<LedgerException> list(String status) {
        String wanted = status == null || status.isBlank() ? "OPEN" : status;
        if (!wanted.equals("OPEN") && !wanted.equals("RESOLVED")) {
            throw ProblemException.invalidField("status", "must be OPEN or RESOLVED");
        }
        return records.withStatus(wanted);
    }

    @Transactional
    public LedgerException resolve(Caller operator, String idText, ResolveRequest request) {
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("LEDGER_EXCEPTION_NOT_FOUND", "No such ledger exception.");
        }
        String resolution = Amounts.text("resolution", request == null ? null : request.resolution(), true);
        LedgerException found = records.lock(id)
                .orElseThrow(() -> ProblemException.notFound("LEDGER_EXCEPTION_NOT_FOUND", "No such ledger exception."));
        if (!found.status().equals("OPEN")) {
            throw ProblemException.conflict("LEDGER_EXCEPTION_RESOLVED", "This exception was resolved already.");
        }
        records.resolved(id, operator.customerId(), resolution);
        open.decrementAndGet();
        return records.find(id).orElseThrow();
    }
}
