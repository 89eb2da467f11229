package io.moolah.transaction.model;

/** A wallet's state as the account-service announces it; only an active wallet sends or receives. */
public enum WalletStatus {
    ACTIVE, FROZEN, CLOSED;

    /** The status named in an event or a row; an unknown name is not active (a newer account-service's state). */
    public static WalletStatus of(String name) {
        for (WalletStatus status : values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return FROZEN;
    }
}
