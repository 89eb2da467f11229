package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.ClientConnection;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections per client address, from a connection's first request to its close, and refuses a
 * connection that would pass {@code max-connections-per-address}: one address cannot hold the gateway's connections
 * (with trickled bodies, say) against everyone else. The count is per gateway instance, like the connections.
 */
@Singleton
public class ConnectionLimits {

    @Inject
    GatewaySettings settings;

    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** @return false when the request's connection is one too many for its address (the caller closes it) */
    public boolean admit(ClientConnection connection) {
        if (connection.counted()) {
            return true;
        }
        String address = connection.remoteAddress();
        AtomicInteger open = perAddress.computeIfAbsent(address, key -> new AtomicInteger());
        if (open.incrementAndGet() > settings.maxConnectionsPerAddress()) {
            open.decrementAndGet();
            return false;
        }
        connection.counted(true);
        connection.channel().closeFuture().addListener(closed -> {
            if (open.decrementAndGet() <= 0) {
                perAddress.remove(address, open);
            }
        });
        return true;
    }
}
