package io.moolah.gateway;

import io.moolah.gateway.tls.DevelopmentCertificate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A development certificate and upstreams for the gateway's tests: a stub for most; for transaction a closed port
 * listed before the stub (one dead instance of two); for cache only a closed port (the service is down).
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {
    /** Nothing listens on port 9 of loopback (discard is not running). */
    static final String DEAD = "http://127.0.0.1:9";
    private StubUpstream upstream;

    @Override
    public Map<String, String> start() {
        upstream = StubUpstream.start();
        Map<String, String> config = new HashMap<>(DevelopmentCertificate.generate(Path.of("target", "test-tls")));
        config.put("moolah.gateway.upstreams.account.urls", upstream.url());
        config.put("moolah.gateway.upstreams.transaction.urls", DEAD + "," + upstream.url());
        config.put("moolah.gateway.upstreams.cache.urls", DEAD);
        config.put("moolah.gateway.upstreams.payment.urls", upstream.url());
        config.put("moolah.gateway.max-body-bytes", "4096");
        config.put("moolah.gateway.max-webhook-body-bytes", "2048");
        config.put("moolah.gateway.health-checks.interval", "200ms");
        // The tests tell who answered by this header; PublicHeadersTest checks it is off by default.
        config.put("moolah.gateway.expose-served-by", "true");
        return config;
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.stop();
        }
    }
}
