package io.moolah.gateway;

import io.moolah.gateway.tls.DevelopmentCertificate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A development certificate and upstreams for the gateway's tests: a stub for most, a closed port for payment. */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {
    private StubUpstream upstream;

    @Override
    public Map<String, String> start() {
        upstream = StubUpstream.start();
        Map<String, String> config = new HashMap<>(DevelopmentCertificate.generate(Path.of("target", "test-tls")));
        config.put("moolah.gateway.upstreams.account.urls", upstream.url());
        config.put("moolah.gateway.upstreams.transaction.urls", upstream.url());
        config.put("moolah.gateway.upstreams.cache.urls", upstream.url());
        // Nothing listens on port 9 of loopback (discard is not running): the payment service is "down".
        config.put("moolah.gateway.upstreams.payment.urls", "http://127.0.0.1:9");
        config.put("moolah.gateway.max-body-bytes", "4096");
        return config;
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.stop();
        }
    }
}
