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

    Lockout lockout();

    /** Limits per KYC tier, keyed "0" to "3", in minor units. */
    Map<String, TierLimits> kycTiers();

    Operator operator();

    interface Tokens {
        @WithDefault("15m")
        Duration accessTokenTtl();

        @WithDefault("30d")
        Duration refreshTokenTtl();

        /**
         * A PKCS#8 PEM file with the RSA signing key (a Kubernetes Secret in production; every replica needs the same
         * key). Without it a key is generated at start: fine for one local instance, and tokens die with it.
         */
        Optional<String> privateKeyLocation();
    }

    /** Argon2id cost: the price of each login, and of each guess for anyone holding the hashes. */
    interface Pin {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /** Hashes computed at once; bounds the memory a burst of logins can take (memoryKib each). */
        @WithDefault("4")
        int concurrentHashes();
    }

    interface Lockout {
        /** Consecutive wrong PINs that lock the account. */
        @WithDefault("5")
        int maxFailures();

        @WithDefault("15m")
        Duration duration();
    }

    interface TierLimits {
        long dailySend();

        long monthlySend();

        long maxBalance();
    }

    /** The operator account, created (or its PIN updated) at start when both are set. */
    interface Operator {
        Optional<String> phoneNumber();

        Optional<String> pin();

        @WithDefault("Platform Operator")
        String fullName();
    }
}
