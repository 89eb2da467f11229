package io.moolah.payment.service;

import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;

import java.util.UUID;

/** A wallet id from a request, accepted only when the caller owns it; anything else is 404, as in the ledger. */
final class OwnedWallets {
    private OwnedWallets() {
    }

    static UUID of(Caller caller, String walletId) {
        if (walletId == null) {
            throw ProblemException.invalidField("walletId", "is required");
        }
        UUID id;
        try {
            id = UUID.fromString(walletId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
        if (!caller.owns(id)) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
        return id;
    }
}
