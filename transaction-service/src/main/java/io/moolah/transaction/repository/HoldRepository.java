package io.moolah.transaction.repository;

import io.moolah.transaction.model.HoldStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code hold} table, in the caller's transaction (reads for listings are {@link HoldListings}', on the replica). */
@ApplicationScoped
public class HoldRepository {
    private static final String SELECT = """
            select id, wallet_id, account_id, payee_account_id, amount, captured_amount, currency, status, reference,
                   expires_at, capture_entry_id, payment_bound from hold""";

    @Inject
    Sql sql;

    /** A hold as stored; {@code captured} is null until it is captured. */
    public record Hold(UUID id, UUID walletId, long accountId, long payeeAccountId, long amount, Long captured,
                       String currency, HoldStatus status, String reference, Instant expiresAt, UUID entryId,
                       boolean paymentBound) {
    }

    /**
     * Inserts an OPEN hold. A payment reference ({@code qr:}, {@code refund:}) names at most one hold (V4's unique
     * index): for a second one nothing is inserted.
     *
     * @return whether the hold was inserted
     */
    public boolean insertOpen(UUID id, UUID walletId, long accountId, long payeeAccountId, long amount, String currency,
                              String reference, Instant expiresAt, boolean paymentBound) {
        return sql.update("""
                        insert into hold (id, wallet_id, account_id, payee_account_id, amount, currency, status, reference,
                                          expires_at, payment_bound)
                        values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)
                        on conflict (reference) where reference like 'qr:%' or reference like 'refund:%' do nothing""",
                id, walletId, accountId, payeeAccountId, amount, currency, reference, expiresAt, paymentBound) == 1;
    }

    public void markCaptured(UUID id, long captured, UUID entryId) {
        sql.update("update hold set status = 'CAPTURED', captured_amount = ?, capture_entry_id = ?, updated_at = now() where id = ?",
                captured, entryId, id);
    }

    /** An OPEN hold's end without a capture: VOIDED or EXPIRED. */
    public void markReleased(UUID id, HoldStatus status) {
        if (status != HoldStatus.VOIDED && status != HoldStatus.EXPIRED) {
            throw new IllegalArgumentException("a released hold is voided or expired, not " + status);
        }
        sql.update("update hold set status = ?, updated_at = now() where id = ?", status.name(), id);
    }

    public Optional<Hold> find(UUID id) {
        return sql.one(SELECT + " where id = ?", HoldRepository::hold, id);
    }

    /** The hold, locked against other changes for this transaction (readers are not blocked). */
    public Optional<Hold> lock(UUID id) {
        return sql.one(SELECT + " where id = ? for no key update", HoldRepository::hold, id);
    }

    /** The newest hold placed with {@code reference}, locked for this transaction. */
    public Optional<Hold> lockLatestByReference(String reference) {
        return sql.one(SELECT + " where reference = ? order by created_at desc limit 1 for no key update", HoldRepository::hold, reference);
    }

    /**
     * Up to {@code limit} open customer holds past their expiry, oldest first, locked; holds another transaction has
     * locked are skipped (another replica is expiring them).
     */
    public List<UUID> lockDueForExpiry(int limit) {
        return sql.list("select id from hold where status = 'OPEN' and not payment_bound and expires_at <= now() order by expires_at"
                + " limit ? for update skip locked", row -> row.getObject(1, UUID.class), limit);
    }

    private static Hold hold(ResultSet row) throws SQLException {
        long captured = row.getLong(6);
        Long capturedOrNull = row.wasNull() ? null : captured;
        return new Hold(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getLong(3), row.getLong(4),
                row.getLong(5), capturedOrNull, row.getString(7), HoldStatus.valueOf(row.getString(8)), row.getString(9),
                row.getObject(10, OffsetDateTime.class).toInstant(), row.getObject(11, UUID.class), row.getBoolean(12));
    }
}
