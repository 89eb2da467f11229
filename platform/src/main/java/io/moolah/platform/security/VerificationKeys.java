package io.moolah.platform.security;

import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Where token signatures are checked against. By default the account-service's published JWKS (refetched when a
 * token names an unknown key id, so key rotation needs no restart); the account-service supplies its own keys.
 */
public interface VerificationKeys {
    VerificationKeyResolver resolver();
}
