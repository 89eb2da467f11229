package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway-wide budget of request-body bytes held in memory at once ({@code moolah.gateway.max-buffered-body-bytes}):
 * without it, many bodies sent nearly whole and then left unfinished (each within its own limit) would exhaust the
 * heap before any token check could help. {@link RequestBodies} reserves a body's bytes before buffering them and
 * releases them when the exchange ends.
 */
@Singleton
public class BodyBudget {
    private final AtomicLong held = new AtomicLong();

    @Inject
    GatewaySettings settings;

    /** Reserves {@code bytes} if the budget has room for them; false (and nothing reserved) if not. */
    boolean tryReserve(long bytes) {
        long limit = settings.maxBufferedBodyBytes();
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes reserved now (for tests and metrics). */
    public long held() {
        return held.get();
    }
}
