package io.moolah.transaction.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.repository.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Money the ledger booked but could not settle as it should (a provider paid after the payment's hold was gone), set
 * aside for an operator: listed at {@code GET /admin/ledger-exceptions}, resolved with a note once the operator has
 * recovered the money (an adjustment). The gauge {@code moolah_ledger_exceptions_open} feeds an alert.
 */
@ApplicationScoped
public class LedgerExceptions {
    public enum Kind { LATE_CAPTURE }

    @Inject
    Sql sql;

    @Inject
    MeterRegistry registry;

    private final AtomicLong open = new AtomicLong();

    public record View(UUID id, String kind, String reference, UUID walletId, UUID holdId, long amount, String currency,
                       UUID transactionId, String detail, String status, Instant createdAt, Instant resolvedAt,
                       UUID resolvedBy, String resolution) {
    }

    public record ResolveRequest(String resolution) {
    }

    @PostConstruct
    void gauge() {
        registry.gauge("moolah.ledger.exceptions.open", open);
    }

    @Scheduled(every = "30s", delayed = "1s")
    void count() {
        open.set(sql.one("select count(*) from ledger_exception where status = 'OPEN'", row -> row.getLong(1)).orElse(0L));
    }

    boolean exists(String reference) {
        return sql.one("select 1 from ledger_exception where reference = ?", row -> 1, reference).isPresent();
    }

    void record(Kind kind, String reference, UUID walletId, UUID holdId, long amount, String currency, UUID entryId, String detail) {
        sql.update("""
                        insert into ledger_exception (id, kind, reference, wallet_id, hold_id, amount, currency, entry_id, detail, status)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')""",
                UUID.randomUUID(), kind.name(), reference, walletId, holdId, amount, currency, entryId, detail);
        open.incrementAndGet();
    }

    public List<View> list(String status) {
        String wanted = status == null || status.isBlank() ? "OPEN" : status;
        if (!wanted.equals("OPEN") && !wanted.equals("RESOLVED")) {
            throw ProblemException.invalidField("status", "must be OPEN or RESOLVED");
        }
        return sql.list(SELECT + " where status = ? order by created_at limit 500", LedgerExceptions::view, wanted);
    }

    @Transactional
    public View resolve(Caller operator, String idText, ResolveRequest request) {
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("LEDGER_EXCEPTION_NOT_FOUND", "No such ledger exception.");
        }
        String resolution = Amounts.text("resolution", request == null ? null : request.resolution(), true);
        View found = sql.one(SELECT + " where id = ? for update", LedgerExceptions::view, id)
                .orElseThrow(() -> ProblemException.notFound("LEDGER_EXCEPTION_NOT_FOUND", "No such ledger exception."));
        if (!found.status().equals("OPEN")) {
            throw ProblemException.conflict("LEDGER_EXCEPTION_RESOLVED", "This exception was resolved already.");
        }
        sql.update("update ledger_exception set status = 'RESOLVED', resolved_at = now(), resolved_by = ?, resolution = ? where id = ?",
                operator.customerId(), resolution, id);
        open.decrementAndGet();
        return sql.one(SELECT + " where id = ?", LedgerExceptions::view, id).orElseThrow();
    }

    private static final String SELECT = """
            select id, kind, reference, wallet_id, hold_id, amount, currency, entry_id, detail, status, created_at,
                   resolved_at, resolved_by, resolution from ledger_exception""";

    private static View view(java.sql.ResultSet row) throws java.sql.SQLException {
        OffsetDateTime resolvedAt = row.getObject(12, OffsetDateTime.class);
        return new View(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getObject(4, UUID.class),
                row.getObject(5, UUID.class), row.getLong(6), row.getString(7), row.getObject(8, UUID.class),
                row.getString(9), row.getString(10), row.getObject(11, OffsetDateTime.class).toInstant(),
                resolvedAt == null ? null : resolvedAt.toInstant(), row.getObject(13, UUID.class), row.getString(14));
    }
}
