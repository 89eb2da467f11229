package io.moolah.localstack.simulators;

import com.sun.net.httpserver.HttpExchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The bearer tokens a simulated provider has issued, each until its expiry. */
final class IssuedTokens {
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    String issue(long lifetimeMillis) {
        String token = PeachProtocol.randomHex(24);
        expiries.put(token, System.currentTimeMillis() + lifetimeMillis);
        return token;
    }

    /** Whether the request carries "Authorization: Bearer <a token issued here and not yet expired>". */
    boolean presentedBy(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        Long expires = header != null && header.startsWith("Bearer ") ? expiries.get(header.substring(7)) : null;
        return expires != null && expires > System.currentTimeMillis();
    }
}
