package io.moolah.platform.security;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/** Verification keys from the account-service's JWKS ({@code moolah.auth.jwks-url}). */
@DefaultBean
@ApplicationScoped
public class JwksVerificationKeys implements VerificationKeys {

    @Inject
    AuthSettings settings;

    private volatile VerificationKeyResolver resolver;

    @Override
    public VerificationKeyResolver resolver() {
        if (resolver == null) {
            synchronized (this) {
                if (resolver == null) {
                    String url = settings.jwksUrl().orElseThrow(() ->
                            new IllegalStateException("moolah.auth.jwks-url is not set: tokens cannot be verified"));
                    HttpsJwks jwks = new HttpsJwks(url);
                    jwks.setDefaultCacheDuration(300);
                    jwks.setRetainCacheOnErrorDuration(3600);
                    resolver = new HttpsJwksVerificationKeyResolver(jwks);
                }
            }
        }
        return resolver;
    }
}
