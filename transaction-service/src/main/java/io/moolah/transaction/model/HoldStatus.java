package io.moolah.transaction.model;

import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A hold's state: OPEN until captured, voided or expired, each final. Stored by name in {@code hold.status}. */
@Schema(name = "HoldStatus")
public enum HoldStatus {
    OPEN, CAPTURED, VOIDED, EXPIRED;

    /** The status of that exact name, or empty (a filter a client sent). */
    public static Optional<HoldStatus> named(String name) {
        for (HoldStatus status : values()) {
            if (status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
