package io.moolah.platform.web;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque {@code cursor} of a listing ordered newest first by (creation time, id): where the last page ended. It
 * names a position, not an offset, so pages already read never shift while new rows arrive. One byte says which
 * listing gave it out, so a cursor of one listing is refused by another (400 {@code VALIDATION_FAILED} on
 * {@code cursor}), as is anything this API did not give out.
 */
public final class PageCursor {
    private static final int LENGTH = 1 + 8 + 16;

    /** A position in a listing: the last row's creation time (to the microsecond, as PostgreSQL keeps it) and id. */
    public record Position(Instant createdAt, UUID id) {
    }

    private PageCursor() {
    }

    public static String encode(byte listing, Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.createdAt());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(LENGTH).put(listing).putLong(micros)
                .putLong(position.id().getMostSignificantBits()).putLong(position.id().getLeastSignificantBits()).array());
    }

    public static Position decode(byte listing, String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            if (bytes.length != LENGTH || bytes[0] != listing) {
                throw new IllegalArgumentException();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
            Instant createdAt = Instant.EPOCH.plus(buffer.getLong(), ChronoUnit.MICROS);
            return new Position(createdAt, new UUID(buffer.getLong(), buffer.getLong()));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this API gave out");
        }
    }
}
