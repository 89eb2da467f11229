package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The public HTTPS port, served by the gateway's own Vert.x HTTP servers, one per event loop, sharing the port (Vert.x
 * spreads accepted connections over them); Quarkus's HTTP server is off ({@code quarkus.http.host-enabled=false}) and
 * only the management port (health, metrics) remains Quarkus's. Why: Quarkus's request layer (its request and response
 * wrappers, filters and router in front of ours) was the largest share of the CPU each proxied request cost
 * (docs/benchmarks.md). Started after every other bean has started (upstreams, access log), so the first request
 * finds them ready; startup fails if the port cannot be bound.
 */
@Singleton
public class PublicServer {
    private static final Logger LOG = Logger.getLogger(PublicServer.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    @Inject
    Vertx vertx;

    @Inject
    GatewaySettings settings;

    @Inject
    PublicServerOptions serverOptions;

    @Inject
    PublicRouter routes;

    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private volatile int port = -1;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        HttpServerOptions options = serverOptions.build();
        int eventLoops = settings.https().eventLoops() > 0 ? settings.https().eventLoops() : Runtime.getRuntime().availableProcessors();
        // Vert.x shares one port among servers that listen on the same one; a negative port is a random port that
        // servers listening on the same negative number share, so "any free port" (0) becomes -1 here.
        if (options.getPort() == 0) {
            options.setPort(-1);
        }
        deployments.add(await(vertx.deployVerticle(() -> new Listener(options),
                new DeploymentOptions().setInstances(eventLoops))));
        LOG.infof("Public HTTPS on %s:%d (%d event loops, %s, HTTP/2 by ALPN)", options.getHost(), port, eventLoops,
                options.getEnabledSecureTransportProtocols());
    }

    void stop(@Observes ShutdownEvent event) {
        for (String deployment : deployments) {
            await(vertx.undeploy(deployment));
        }
        deployments.clear();
    }

    /** The port the public server listens on (the bound one when configured as 0); -1 before it started. */
    public int port() {
        return port;
    }

    /** {@code https://localhost:<port>/}, for tests and tools on this machine. */
    public URL url() {
        try {
            return new URL("https://localhost:" + port + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Public HTTPS server: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Public HTTPS server did not start within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One HTTP server on one event loop (the verticle's), with its own router over the shared handlers. */
    private final class Listener extends AbstractVerticle {
        private final HttpServerOptions options;

        private Listener(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions(options))
                    .requestHandler(routes.create(vertx))
                    .invalidRequestHandler(routes::invalid)
                    .listen()
                    .onSuccess(server -> {
                        port = server.actualPort();
                        started.complete();
                    })
                    .onFailure(started::fail);
        }
    }
}
