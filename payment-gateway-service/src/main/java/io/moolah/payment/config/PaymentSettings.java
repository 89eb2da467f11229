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

    Zapper zapper();

    Inbox inbox();

    /** The transaction-service, where payments place their holds (internal path, with the service credential). */
    @WithDefault("http://127.0.0.1:8082")
    String ledgerUrl();

    /**
     * The expiry shown on a QR payment's hold. The ledger never lets a payment's hold lapse on its own while the
     * payment is open; this is for display.
     */
    @WithDefault("1h")
    Duration qrHoldDuration();

    /** How often stuck QR payments (an unknown hold or payment outcome) are resolved. */
    @WithDefault("5s")
    Duration qrRecoveryInterval();

    /** How long a QR payment may sit between steps (a crash, say) before recovery takes it over. */
    @WithDefault("30s")
    Duration qrStuckAfter();

    /** A top-up still PENDING this long after it started, with no notification settling it, is asked of Peach. */
    @WithDefault("2m")
    Duration topUpPollAfter();

    /** How often the status poll looks for such top-ups. */
    @WithDefault("30s")
    Duration topUpPollInterval();

    /** After this long Peach is no longer asked (the checkout expired long before); reconciliation reports it. */
    @WithDefault("24h")
    Duration topUpPollFor();

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
    }

    /** Zapper's platform API (docs/providers/zapper.md). Without credentials, QR payments answer 503 PROVIDER_UNAVAILABLE. */
    interface Zapper {
        @WithDefault("http://127.0.0.1:8091")
        String baseUrl();

        Optional<String> apiKey();

        Optional<String> apiToken();

        Optional<String> organisationId();
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
