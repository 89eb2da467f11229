package io.moolah.payment;

import io.moolah.localstack.Ports;
import io.moolah.localstack.simulators.PeachSimulator;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * What the payment service talks to, for its own tests (no gateway here): the Peach simulator, reached through a
 * {@link PeachRelay} that counts and can slow checkout creation; the Zapper simulator; and a {@link LedgerStandIn} for
 * the ledger's hold and clearing endpoints. The service gets a fixed free test port so the Peach simulator knows where
 * to send notifications. Secrets are random per run.
 */
public class CounterpartsResource implements QuarkusTestResourceLifecycleManager {
    /** How late Zapper answers a payment whose amount ends in 54 (well inside the service's 5 s timeout). */
    public static final long ZAPPER_SLOW_ANSWER_MILLIS = 1_500;

    private static volatile PeachSimulator peach;
    private static volatile PeachRelay relay;
    private static volatile ZapperSimulator zapper;
    private static volatile LedgerStandIn ledger;

    @Override
    public Map<String, String> start() {
        int servicePort = Ports.free();
        peach = PeachSimulator.start(PeachSimulator.Settings.random(
                "http://127.0.0.1:" + servicePort + "/api/v1/webhooks/peach", null), 0);
        relay = PeachRelay.start(peach.baseUrl());
        ZapperSimulator.Settings zapperSettings = ZapperSimulator.Settings.random();
        zapper = ZapperSimulator.start(new ZapperSimulator.Settings(zapperSettings.apiKey(), zapperSettings.apiToken(),
                zapperSettings.organisationId(), ZAPPER_SLOW_ANSWER_MILLIS), 0);
        ledger = LedgerStandIn.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", String.valueOf(servicePort));
        config.put("moolah.payment.inbox.interval", "200ms");
        config.put("moolah.payment.top-up-poll-after", "3s");
        config.put("moolah.payment.top-up-poll-interval", "1s");
        config.put("moolah.payment.ledger-url", ledger.baseUrl());
        config.putAll(Map.of(
                "moolah.payment.peach.base-url", relay.baseUrl(),
                "moolah.payment.peach.client-id", peach.settings().clientId(),
                "moolah.payment.peach.client-secret", peach.settings().clientSecret(),
                "moolah.payment.peach.merchant-id", peach.settings().merchantId(),
                "moolah.payment.peach.entity-id", peach.settings().entityId(),
                "moolah.payment.peach.secret-token", peach.settings().secretToken(),
                "moolah.payment.peach.webhook-key", peach.settings().webhookKey(),
                "moolah.payment.peach.notification-url", peach.settings().notificationUrl()));
        config.putAll(Map.of(
                "moolah.payment.zapper.base-url", zapper.baseUrl(),
                "moolah.payment.zapper.api-key", zapperSettings.apiKey(),
                "moolah.payment.zapper.api-token", zapperSettings.apiToken(),
                "moolah.payment.zapper.organisation-id", zapperSettings.organisationId()));
        return config;
    }

    /** The Peach simulator itself (its test controls; the service reaches it through {@link #relay()}). */
    public static PeachSimulator peach() {
        return peach;
    }

    public static PeachRelay relay() {
        return relay;
    }

    public static ZapperSimulator zapper() {
        return zapper;
    }

    public static LedgerStandIn ledger() {
        return ledger;
    }

    @Override
    public void stop() {
        for (AutoCloseable server : new AutoCloseable[] {relay, peach, zapper, ledger}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // Stopping test servers: nothing to do about a failure here.
            }
        }
    }
}
