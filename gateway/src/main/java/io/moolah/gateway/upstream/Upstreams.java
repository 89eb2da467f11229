package io.moolah.gateway.upstream;

import io.moolah.gateway.config.GatewaySettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeMap;

/**
 * The upstream services and their instances, from {@code moolah.gateway.upstreams}. Actively checks every instance's
 * readiness ({@code /q/health/ready}) on a timer; the forwarder reports passive failures to the instances themselves.
 * In a cluster each upstream is one Kubernetes Service URL: kube-proxy spreads requests over ready pods, and these
 * checks, ejection and the breaker then guard the Service as a whole.
 */
@Singleton
public class Upstreams {
    private static final Logger LOG = Logger.getLogger(Upstreams.class);
    public static final String READINESS_PATH = "/q/health/ready";

    @Inject
    GatewaySettings settings;

    @Inject
    Vertx vertx;

    private volatile Map<String, UpstreamPool> pools;
    private HttpClient checks;
    private long timer = -1;

    /** The pool of an upstream by name, or null when none is configured. */
    public UpstreamPool pool(String name) {
        return pools().get(name);
    }

    public Map<String, UpstreamPool> pools() {
        if (pools == null) {
            synchronized (this) {
                if (pools == null) {
                    pools = build(settings);
                }
            }
        }
        return pools;
    }

    static Map<String, UpstreamPool> build(GatewaySettings settings) {
        Map<String, UpstreamPool> built = new TreeMap<>();
        long ejection = settings.ejection().duration().toNanos();
        var breaker = settings.circuitBreaker();
        settings.upstreams().forEach((name, upstream) -> built.put(name, new UpstreamPool(name,
                upstream.urls().stream()
                        .map(String::trim)
                        .filter(url -> !url.isEmpty())
                        .map(url -> new UpstreamInstance(name, url, ejection, settings.ejection().consecutiveErrors()))
                        .toList(),
                new CircuitBreaker(breaker.window(), breaker.minimumCalls(), breaker.failureRatio(), breaker.openFor().toNanos()))));
        return Map.copyOf(built);
    }

    void start(@Observes StartupEvent event) {
        if (!settings.healthChecks().enabled()) {
            return;
        }
        checks = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(2)
                .setConnectTimeout((int) settings.healthChecks().timeout().toMillis()));
        timer = vertx.setPeriodic(0, settings.healthChecks().interval().toMillis(), id -> checkAll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void checkAll() {
        for (UpstreamPool pool : pools().values()) {
            for (UpstreamInstance instance : pool.instances()) {
                check(instance);
            }
        }
    }

    private void check(UpstreamInstance instance) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(instance.baseUrl() + READINESS_PATH)
                .setTimeout(settings.healthChecks().timeout().toMillis());
        checks.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(result -> {
                    boolean ready = result.succeeded() && result.result() == 200;
                    if (instance.checked(ready, System.nanoTime())) {
                        LOG.infof("upstream %s is %s", instance, ready ? "ready" : "not ready"
                                + (result.failed() ? " (" + result.cause().getMessage() + ")" : " (" + result.result() + ")"));
                    }
                });
    }
}
