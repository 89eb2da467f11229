package io.moolah.transaction.repository;

import io.moolah.platform.web.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Holds listed newest first, by (created_at, id): the position of the last one read is where the next page starts, so
 * pages already read never shift while new holds are placed. Read from the replicas, as history is: a hold placed a
 * moment ago may appear a replication delay later.
 */
@ApplicationScoped
public class HoldListings {

    @Inject
    ReplicaSql replica;

    /** One hold as listed. */
    @Schema(name = "HoldListItem", requiredProperties = {"holdId", "status", "walletId", "amount", "currency", "expiresAt",
            "createdAt"})
    public record Item(UUID holdId, @Schema(enumeration = {"OPEN", "CAPTURED", "VOIDED", "EXPIRED"}) String status,
                       UUID walletId, @Schema(description = "The held amount, minor units (cents).") long amount,
                       @Schema(description = "What was captured (CAPTURED only).") Long capturedAmount, String currency,
                       String reference, Instant expiresAt,
                       @Schema(description = "The capture's transaction (CAPTURED only).") UUID transactionId, Instant createdAt) {
    }

    /**
     * At most {@code limit} holds after {@code after} (null: from the newest), of one customer's wallets or, when
     * {@code customerId} is null, of {@code walletId} alone; {@code walletId} and {@code status} narrow when given.
     */
    public List<Item> newestFirst(UUID customerId, UUID walletId, String status, PageCursor.Position after, int limit) {
        StringBuilder query = new StringBuilder("""
                select h.id, h.status, h.wallet_id, h.amount, h.captured_amount, h.currency, h.reference, h.expires_at,
                       h.capture_entry_id, h.created_at
                from hold h join wallet w on w.wallet_id = h.wallet_id
                where true""");
        List<Object> parameters = new ArrayList<>();
        if (customerId != null) {
            query.append(" and w.customer_id = ?");
            parameters.add(customerId);
        }
        if (walletId != null) {
            query.append(" and h.wallet_id = ?");
            parameters.add(walletId);
        }
        if (status != null) {
            query.append(" and h.status = ?");
            parameters.add(status);
        }
        if (after != null) {
            query.append(" and (h.created_at, h.id) < (?, ?)");
            parameters.add(OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC));
            parameters.add(after.id());
        }
        query.append(" order by h.created_at desc, h.id desc limit ?");
        parameters.add(limit);
        return replica.list(query.toString(), row -> {
            long captured = row.getLong(5);
            Long capturedOrNull = row.wasNull() ? null : captured;
            return new Item(row.getObject(1, UUID.class), row.getString(2), row.getObject(3, UUID.class), row.getLong(4),
                    capturedOrNull, row.getString(6), row.getString(7), row.getObject(8, OffsetDateTime.class).toInstant(),
                    row.getObject(9, UUID.class), row.getObject(10, OffsetDateTime.class).toInstant());
        }, parameters.toArray());
    }
}
