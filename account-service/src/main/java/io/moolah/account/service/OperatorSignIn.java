package io.moolah.account.service;

import io.moolah.account.security.PinHasher;
import io.moolah.account.security.TokenIssuer;
import io.moolah.account.security.Totp;
import io.moolah.outbox.OperatorAudit;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Operators sign in with their id, a passphrase of at least 16 characters and a TOTP code, and get a short access
 * token with the operator role (no refresh). Wrong tries slow the next one from the same address only: nobody can lock
 * an operator out from outside. A TOTP code works once. Every attempt is in the audit log.
 */
@ApplicationScoped
public class OperatorSignIn {
    static final int MIN_PASSPHRASE = 16;
    static final int MAX_PASSPHRASE = 1024;

    @Inject
    Operators operators;

    @Inject
    PinHasher hasher;

    @Inject
    SignInThrottle throttle;

    @Inject
    TokenIssuer issuer;

    @Inject
    OperatorAudit audit;

    @Inject
    EntityManager database;

    @Schema(name = "OperatorToken", requiredProperties = {"accessToken", "tokenType", "expiresIn"})
    public record OperatorToken(@Schema(description = "A JWT with the operator role, to send as Authorization: Bearer.")
                                String accessToken,
                                @Schema(enumeration = "Bearer") String tokenType,
                                @Schema(description = "Seconds until the access token expires.") long expiresIn) {
    }

    public OperatorToken signIn(String operatorIdText, String passphrase, String otp, String address) {
        UUID operatorId = operatorId(operatorIdText);
        if (passphrase == null || passphrase.length() < MIN_PASSPHRASE || passphrase.length() > MAX_PASSPHRASE) {
            throw ProblemException.invalidField("passphrase", "must be " + MIN_PASSPHRASE + " to " + MAX_PASSPHRASE + " characters");
        }
        if (otp == null || !otp.matches("[0-9]{6}")) {
            throw ProblemException.invalidField("otp", "must be the 6-digit code of the authenticator app");
        }
        Instant now = Instant.now();
        String subject = "operator:" + operatorId;
        throttle.requireAllowed(subject, address, now);
        Optional<Operators.Operator> operator = operators.find(operatorId);
        boolean passphraseMatches = false;
        if (operator.isPresent()) {
            passphraseMatches = hasher.matches(passphrase, operator.get().passphraseHash());
        } else {
            hasher.spendDecoyEffort(passphrase);
        }
        long step = operator.map(o -> Totp.matchingStep(o.totpSecret(), otp, now)).orElse(-1L);
        if (!passphraseMatches || step < 0 || !useStep(operatorId, step, now)) {
            throttle.recordFailure(subject, address, false, now);
            audit.record(operatorId, "operator sign-in", address, "REFUSED", null);
            throw new ProblemException(401, "INVALID_CREDENTIALS", "Unauthenticated",
                    "The operator id, passphrase or one-time code is wrong.");
        }
        throttle.recordSuccess(subject, address);
        audit.record(operatorId, "operator sign-in", address, "SIGNED_IN", null);
        String token = issuer.accessToken(operatorId, List.of(), "operator", UUID.randomUUID(), now);
        return new OperatorToken(token, "Bearer", issuer.accessTokenSeconds());
    }

    /** Takes the code's time step if it is newer than every step this operator used before (a code works once). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean useStep(UUID operatorId, long step, Instant now) {
        return database.createNativeQuery("""
                        insert into operator_totp_use (operator_id, last_step, used_at) values (?1, ?2, ?3)
                        on conflict (operator_id) do update set last_step = excluded.last_step, used_at = excluded.used_at
                        where operator_totp_use.last_step < excluded.last_step""")
                .setParameter(1, operatorId).setParameter(2, step).setParameter(3, java.sql.Timestamp.from(now))
                .executeUpdate() == 1;
    }

    private static UUID operatorId(String text) {
        try {
            return UUID.fromString(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("operatorId", "must be an operator id");
        }
    }
}
