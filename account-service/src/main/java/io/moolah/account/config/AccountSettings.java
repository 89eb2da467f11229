package io.moolah.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "moolah.account")
public interface AccountSettings {

    /** The currency of the wallet every new customer gets. */
    @WithDefault("ZAR")
    String walletCurrency();

    Tokens tokens();

    Pin pin();

    SignInDelays signInDelays();

    /** Limits per KYC tier, keyed "0" to "3", in minor units. */
    Map<String, TierLimits> kycTiers();

    /**
     * The operators (staff), from a Secret: one per line, {@code <operatorId> <passphrase hash> <TOTP secret>}, the id a
     * UUID, the hash Argon2id in PHC form (as PIN hashes), the secret base32. Without it nobody can sign in as an operator.
     */
    Optional<String> operators();


    interface Tokens {
        @WithDefault("15m")
        Duration accessTokenTtl();

        @WithDefault("30d")
        Duration refreshTokenTtl();

        /** A refresh session ends this long after its login, however often it is refreshed. */
        @WithDefault("90d")
        Duration sessionLifetime();

        /**
         * A PKCS#8 PEM file with the RSA signing key (a Kubernetes Secret in production; every replica needs the same
         * key). Without it a key is generated at start: fine for one local instance, and tokens die with it.
         */
        Optional<String> privateKeyLocation();

        /**
         * During a rotation, the key that signed until now (PKCS#8 PEM): its public half stays in the JWKS so tokens it
         * signed verify until they expire. Drop it once the access-token lifetime has passed.
         */
        Optional<String> previousPrivateKeyLocation();
    }

    /** Argon2id cost: the price of each login, and of each guess for anyone holding the hashes. */
    interface Pin {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /**
         * A server-side secret (a Secret, at least 32 characters) mixed into every new PIN hash (HMAC-SHA256 before
         * Argon2id), so the database alone is not enough to guess PINs. Hashes made without it are upgraded at the next
         * right PIN.
         */
        Optional<String> pepper();

        /** Hashes computed at once; bounds the memory a burst of logins can take (memoryKib each). */
        @WithDefault("4")
        int concurrentHashes();
    }

    /** Growing delays after wrong PINs or passphrases (service/SignInThrottle). */
    interface SignInDelays {
        /** Wrong tries in a row, per account and address, before the first delay. */
        @WithDefault("3")
        int freeFailures();

        @WithDefault("15m")
        Duration maxDelay();

        /** Wrong tries in a row over every address (customers) before that count delays too. */
        @WithDefault("10")
        int freeFailuresEveryAddress();

        /** The most a stranger elsewhere can delay a customer's login. */
        @WithDefault("60s")
        Duration maxDelayEveryAddress();
    }

    interface TierLimits {
        long dailySend();

        long monthlySend();

        long maxBalance();
    }
}
