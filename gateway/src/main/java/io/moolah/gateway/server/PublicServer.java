package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The public HTTPS port on Netty's own pipeline (server/PublicChannels), on Vert.x's event loops: Redis, timers and
 * the health checks stay where they are, and each connection's callbacks come back to a Vert.x context bound to its
 * loop. Quarkus's HTTP server is off ({@code quarkus.http.host-enabled=false}) and serves only the management port.
 * Why not Vert.x's HTTP server and Web router: they were about a third of the gateway's CPU per proxied read
 * (docs/benchmarks.md, GatewayBenchmark, session 11). Started after every other bean (upstreams, access log), so the
 * first request finds them ready; startup fails if the port cannot be bound.
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
    PublicTls tls;

    @Inject
    PublicRouter router;

    private final Map<EventLoop, ContextInternal> contexts = new ConcurrentHashMap<>();
    private volatile Channel listener;
    private volatile int port = -1;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        VertxInternal internal = (VertxInternal) vertx;
        GatewaySettings.Https https = settings.https();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(internal.getAcceptorEventLoopGroup(), internal.getEventLoopGroup())
                .channelFactory(internal.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new PublicChannels(settings, tls.context(), tls.handshakeTimeoutMillis(), router, this::contextFor));
        ChannelFuture bound = bootstrap.bind(https.host(), https.port());
        if (!bound.awaitUninterruptibly(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Public HTTPS server did not start within " + START_TIMEOUT_SECONDS + " s");
        }
        if (!bound.isSuccess()) {
            throw new IllegalStateException("Public HTTPS server: cannot listen on " + https.host() + ":" + https.port() + ": "
                    + bound.cause(), bound.cause());
        }
        listener = bound.channel();
        port = ((InetSocketAddress) listener.localAddress()).getPort();
        LOG.infof("Public HTTPS on %s:%d (Netty on Vert.x's event loops, HTTP/2 by ALPN)", https.host(), port);
    }

    void stop(@Observes ShutdownEvent event) {
        Channel current = listener;
        if (current != null) {
            current.close().awaitUninterruptibly(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            listener = null;
        }
    }

    /** The Vert.x context bound to {@code loop}, one per event loop, made on first use. */
    private ContextInternal contextFor(EventLoop loop) {
        ContextInternal context = contexts.get(loop);
        if (context == null) {
            context = contexts.computeIfAbsent(loop, key -> ((VertxInternal) vertx).createEventLoopContext(key, null,
                    PublicServer.class.getClassLoader()));
        }
        return context;
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
}
