package io.moolah.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "moolah.gateway")
public interface GatewaySettings {

    /** Upstream services by name (account, transaction, payment, cache), each with its instances' base URLs. */
    Map<String, Upstream> upstreams();

    /** Longest wait for an upstream's answer before the client gets 504. */
    @WithDefault("10s")
    Duration upstreamTimeout();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Largest request body accepted, in bytes; larger bodies get 413 before reaching a service. */
    @WithDefault("1048576")
    int maxBodyBytes();

    interface Upstream {
        List<String> urls();
    }
}
