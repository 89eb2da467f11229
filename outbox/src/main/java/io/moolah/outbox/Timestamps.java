package io.moolah.outbox;

import java.time.Instant;
import java.time.OffsetDateTime;

/** A timestamptz column as a native query hands it back (the driver and Hibernate differ in the type), as an Instant. */
final class Timestamps {
    private Timestamps() {
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
