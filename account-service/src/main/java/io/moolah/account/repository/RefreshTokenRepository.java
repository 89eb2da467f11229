package io.moolah.account.repository;

import io.moolah.account.model.RefreshToken;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    public Optional<RefreshToken> findByHashForUpdate(String tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Revokes every still-usable token of the session. */
    public int revokeSession(UUID sessionId, Instant now) {
        return update("status = ?1, closedAt = ?2 where sessionId = ?3 and status <> ?1",
                RefreshToken.Status.REVOKED, now, sessionId);
    }
}
