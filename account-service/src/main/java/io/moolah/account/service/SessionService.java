package io.moolah.account.service;


import io.moolah.platform.phone.PhoneNumbers;
import io.moolah.account.config.AccountSettings;
import io.moolah.account.model.Credential;
import io.moolah.account.model.Customer;
import io.moolah.account.model.RefreshToken;
import io.moolah.account.repository.CredentialRepository;
import io.moolah.account.repository.CustomerRepository;
import io.moolah.account.repository.RefreshTokenRepository;
import io.moolah.account.repository.WalletRepository;
import io.moolah.account.security.PinHasher;
import io.moolah.account.security.TokenIssuer;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Login, refresh and logout. A session is a chain of refresh tokens: each refresh rotates the token, and presenting a
 * token that was already rotated (a stolen copy, or a replay) revokes the whole session.
 */
@ApplicationScoped
public class SessionService {

    @Inject
    CustomerRepository customers;

    @Inject
    WalletRepository wallets;

    @Inject
    CredentialRepository credentials;

    @Inject
    RefreshTokenRepository refreshTokens;

    @Inject
    PinHasher hasher;

    @Inject
    SignInThrottle throttle;

    @Inject
    TokenIssuer issuer;

    @Inject
    AccountSettings settings;

    /**
     * Checks the PIN (slow, outside any transaction), then opens a session. Wrong PINs slow the next try from the same
     * address (and, more gently, from any); nobody can lock the account. Operators never sign in here.
     */
    public Tokens login(String phoneNumber, String pin, String address) {
        String phone = PhoneNumbers.normalise(phoneNumber);
        PinPolicy.requireWellFormed(pin);
        Instant now = Instant.now();
        Optional<Customer> customer = customers.findByPhoneNumber(phone).filter(c -> c.role == Customer.Role.CUSTOMER);
        Optional<Credential> credential = customer.flatMap(c -> credentials.findByIdOptional(c.id));
        if (credential.isEmpty()) {
            hasher.spendDecoyEffort(pin);
            throw AuthProblems.invalidCredentials();
        }
        String subject = "customer:" + customer.get().id;
        throttle.requireAllowed(subject, address, now);
        if (!hasher.matches(pin, credential.get().pinHash)) {
            throttle.recordFailure(subject, address, true, now);
            throw AuthProblems.invalidCredentials();
        }
        throttle.recordSuccess(subject, address);
        String upgraded = hasher.needsRehash(credential.get().pinHash) ? hasher.hash(pin) : null;
        return open(customer.get().id, upgraded, now);
    }

    @Transactional
    Tokens open(UUID customerId, String upgradedPinHash, Instant now) {
        if (upgradedPinHash != null) {
            Credential credential = credentials.findForUpdate(customerId).orElseThrow();
            credential.pinHash = upgradedPinHash;
            credential.updatedAt = now;
        }
        return issue(customers.findById(customerId), UUID.randomUUID(), now, now);
    }

    /** Rotates the refresh token; a reused one revokes its session, and that revocation commits. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public Tokens refresh(String presented) {
        Instant now = Instant.now();
        RefreshToken token = refreshTokens.findByHashForUpdate(TokenIssuer.fingerprint(presented))
                .orElseThrow(AuthProblems::invalidRefreshToken);
        switch (token.status) {
            case ROTATED -> {
                refreshTokens.revokeSession(token.sessionId, now);
                throw AuthProblems.refreshTokenReused();
            }
            case REVOKED -> throw AuthProblems.invalidRefreshToken();
            case ACTIVE -> {
                if (!token.expiresAt.isAfter(now)) {
                    throw AuthProblems.invalidRefreshToken();
                }
            }
        }
        Instant sessionEnds = token.sessionStartedAt.plus(settings.tokens().sessionLifetime());
        if (!sessionEnds.isAfter(now)) {
            refreshTokens.revokeSession(token.sessionId, now);
            throw AuthProblems.sessionExpired();
        }
        token.status = RefreshToken.Status.ROTATED;
        token.closedAt = now;
        return issue(customers.findById(token.customerId), token.sessionId, token.sessionStartedAt, now);
    }

    /** Revokes the session the token belongs to. Unknown tokens are ignored: the answer is the same either way. */
    @Transactional
    public void logout(String presented) {
        refreshTokens.find("tokenHash", TokenIssuer.fingerprint(presented)).firstResultOptional()
                .ifPresent(token -> refreshTokens.revokeSession(token.sessionId, Instant.now()));
    }

    private Tokens issue(Customer customer, UUID sessionId, Instant sessionStartedAt, Instant now) {
        String refresh = issuer.newRefreshToken();
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.sessionId = sessionId;
        row.customerId = customer.id;
        row.tokenHash = TokenIssuer.fingerprint(refresh);
        row.status = RefreshToken.Status.ACTIVE;
        row.issuedAt = now;
        row.sessionStartedAt = sessionStartedAt;
        Instant idleEnd = now.plus(settings.tokens().refreshTokenTtl());
        Instant sessionEnd = sessionStartedAt.plus(settings.tokens().sessionLifetime());
        row.expiresAt = idleEnd.isBefore(sessionEnd) ? idleEnd : sessionEnd;
        refreshTokens.persist(row);
        List<UUID> walletIds = wallets.ofCustomer(customer.id).stream().map(wallet -> wallet.id).toList();
        String access = issuer.accessToken(customer.id, walletIds, "customer", sessionId, now);
        return Tokens.bearer(access, issuer.accessTokenSeconds(), refresh);
    }
}
