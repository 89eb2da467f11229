package io.moolah.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How access tokens are verified; the account-service issues them with the same issuer and audience. */
@ConfigMapping(prefix = "moolah.auth")
public interface AuthSettings {

    @WithDefault("moolah-account-service")
    String issuer();

    @WithDefault("moolah-api")
    String audience();

    /** The account-service's JWKS; services other than the account-service fetch verification keys from it. */
    Optional<String> jwksUrl();

    /**
     * The secret our services present to each other on internal paths ({@link ServiceCredential}); at least 16
     * characters. From a Secret in production, made at random by local runs and tests; never in the repository.
     */
    Optional<String> serviceToken();

    /** Clock skew tolerated on exp and iat. */
    @WithDefault("30s")
    Duration clockSkew();
}
