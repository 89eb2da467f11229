package io.moolah.account.service;

import io.moolah.account.config.AccountSettings;
import io.moolah.account.model.Credential;
import io.moolah.account.repository.CredentialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Counts wrong PINs and locks the account after too many in a row; each count commits on its own. */
@ApplicationScoped
public class LoginAttempts {

    @Inject
    CredentialRepository credentials;

    @Inject
    AccountSettings settings;

    /** @return when the account is now locked until, or null if it is not locked */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Instant recordFailure(UUID customerId, Instant now) {
        Credential credential = credentials.findForUpdate(customerId).orElseThrow();
        if (credential.lockedAt(now)) {
            return credential.lockedUntil;
        }
        credential.failedAttempts++;
        credential.updatedAt = now;
        if (credential.failedAttempts >= settings.lockout().maxFailures()) {
            credential.failedAttempts = 0;
            credential.lockedUntil = now.plus(settings.lockout().duration());
            return credential.lockedUntil;
        }
        return null;
    }
}
