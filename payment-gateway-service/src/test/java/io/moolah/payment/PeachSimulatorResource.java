package io.moolah.payment;

import io.moolah.localstack.Ports;
import io.moolah.localstack.simulators.PeachSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * The Peach simulator for the payment service's own tests, notifying the service directly (no gateway here): the
 * service gets a fixed free test port so the simulator knows where to send. Secrets are random per run.
 */
public class PeachSimulatorResource implements QuarkusTestResourceLifecycleManager {
    private static volatile PeachSimulator simulator;

    @Override
    public Map<String, String> start() {
        int servicePort = Ports.free();
        simulator = PeachSimulator.start(PeachSimulator.Settings.random(
                "http://127.0.0.1:" + servicePort + "/api/v1/webhooks/peach", null), 0);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", String.valueOf(servicePort));
        config.put("moolah.payment.inbox.interval", "200ms");
        config.putAll(Map.of(
                "moolah.payment.peach.base-url", simulator.baseUrl(),
                "moolah.payment.peach.client-id", simulator.settings().clientId(),
                "moolah.payment.peach.client-secret", simulator.settings().clientSecret(),
                "moolah.payment.peach.merchant-id", simulator.settings().merchantId(),
                "moolah.payment.peach.entity-id", simulator.settings().entityId(),
                "moolah.payment.peach.secret-token", simulator.settings().secretToken(),
                "moolah.payment.peach.webhook-key", simulator.settings().webhookKey(),
                "moolah.payment.peach.notification-url", simulator.settings().notificationUrl()));
        return config;
    }

    public static PeachSimulator simulator() {
        return simulator;
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
