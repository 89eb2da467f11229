package io.moolah.platform.web;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, a new UUID otherwise. The id is in
 * the logging context ({@code %X{requestId}}) for the whole request and echoed on the response. It runs on the Vert.x
 * router before anything else, so even 404s and rejected bodies carry one.
 */
@ApplicationScoped
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String SERVED_BY = "X-Moolah-Service";
    public static final String MDC_KEY = "requestId";
    private static final int MAX_LENGTH = 128;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::tag);
    }

    void logStart(@Observes StartupEvent event) {
        // Nothing to do: observing StartupEvent keeps this bean eager so the router hook is always installed.
    }

    /** Tags one request and passes it on; a router that is not Quarkus's (the gateway's public one) calls it first. */
    public void tag(RoutingContext context) {
        String requestId = idOf(context.request());
        context.put(MDC_KEY, requestId);
        MDC.put(MDC_KEY, requestId);
        context.response().putHeader(HEADER, requestId);
        context.response().putHeader(SERVED_BY, serviceName);
        context.addEndHandler(done -> MDC.remove(MDC_KEY));
        context.next();
    }

    /** The request's id: the caller's when it is sane, a fresh one otherwise. */
    public static String idOf(HttpServerRequest request) {
        return idOf(request.getHeader(HEADER));
    }

    /** The id for a request whose {@code X-Request-Id} header is {@code given} (null when absent). */
    public static String idOf(String given) {
        return given != null && isSane(given) ? given : newId();
    }

    /**
     * Whether a caller's id may be used as it is: 1 to 128 of {@code A-Z a-z 0-9 . _ : -}, nothing that could forge or
     * split a log line. A loop, not a regular expression: every request through every service asks.
     */
    static boolean isSane(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * A random (version 4) UUID from the thread's own generator. A request id correlates log lines and is no secret;
     * {@code UUID.randomUUID()} draws from the shared SecureRandom, which cost the gateway a lock and a measurable share
     * of each request.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
