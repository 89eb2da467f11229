package io.moolah.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The payment service's settings: providers' endpoints and secrets (from the environment, never the repository). */
@ConfigMapping(prefix = "moolah.payment")
public interface PaymentSettings {

    /** Smallest top-up in cents (R10). */
    @WithDefault("1000")
    long minTopUp();

    /** Largest top-up in cents (R50,000); the ledger's KYC limits still apply when the money arrives. */
    @WithDefault("5000000")
    long maxTopUp();

    Peach peach();

    Inbox inbox();

    /** Peach Payments' hosted checkout. Without credentials, top-ups answer 503 PROVIDER_UNAVAILABLE. */
    interface Peach {
        /** Base URL of Peach's APIs (the simulator's for local runs). */
        @WithDefault("http://127.0.0.1:8090")
        String baseUrl();

        Optional<String> clientId();

        Optional<String> clientSecret();

        Optional<String> merchantId();

        Optional<String> entityId();

        /** Secret token: the HMAC key of checkout notifications' signatures. */
        Optional<String> secretToken();

        /** 64 hex characters: the AES-256-GCM key of encrypted server-to-server notifications. */
        Optional<String> webhookKey();

        /** Where Peach sends notifications: the gateway's public webhook path. */
        @WithDefault("https://127.0.0.1:8443/api/v1/webhooks/peach")
        String notificationUrl();

        /** Where the shopper's browser returns after paying (the app's page). */
        @WithDefault("https://app.moolah.example/topups/done")
        String shopperResultUrl();

        /** The Referer Peach's allowlist expects on checkout creation. */
        @WithDefault("https://app.moolah.example")
        String referer();

        @WithDefault("5s")
        Duration timeout();
    }

    /** The webhook inbox's processor. */
    interface Inbox {
        @WithDefault("500ms")
        Duration interval();

        /** Notifications claimed per run. */
        @WithDefault("50")
        int batchSize();

        /** Tries before a notification that keeps failing (the provider's status API down, say) is left for an operator. */
        @WithDefault("10")
        int maxAttempts();
    }
}
