package io.moolah.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 to the upstream instances on Netty's own pipeline, on the event loop that read the client's request: per
 * event loop and instance a bounded pool of keep-alive connections, requests beyond it waiting for one to come back.
 * The request goes out as one message (headers and body), the answer comes back whole ({@code max-response-bytes}).
 * Measured against Vert.x's HTTP client in the same place (docs/benchmarks.md, GatewayBenchmark, session 11): no
 * request, response or header objects of its own, no futures, no pool shared across threads.
 * <p>
 * Not thread-safe by design: every pool belongs to one event loop and is touched only from it. Callers not on an
 * event loop (none in the gateway today) are moved onto one first.
 */
public final class UpstreamClient {
    /** The answer: status, the service's headers, its body (the receiver's to release, or to write on). */
    public record Answer(int status, HttpHeaders headers, ByteBuf body) {
    }

    /** Outcome of one exchange, called once, on the event loop. */
    public interface Callback {
        void answered(Answer answer);

        /** {@link ConnectException} (never reached), {@link TimeoutException} (no answer in time) or another I/O failure. */
        void failed(Throwable failure);
    }

    /** The connection closed before the whole answer arrived. */
    public static final class ConnectionClosedException extends IOException {
        ConnectionClosedException() {
            super("the connection closed before the answer arrived", null);
        }
    }

    private final Vertx vertx;
    private final int maxConnections;
    private final int connectTimeoutMillis;
    private final int maxResponseBytes;
    private final ThreadLocal<Map<UpstreamInstance, Pool>> pools = ThreadLocal.withInitial(HashMap::new);
    private volatile SslContext tls;

    public UpstreamClient(Vertx vertx, int maxConnectionsPerEventLoop, int connectTimeoutMillis, int maxResponseBytes) {
        this.vertx = vertx;
        this.maxConnections = maxConnectionsPerEventLoop;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Sends {@code method uri} with {@code headers} (which this edits: {@code Host} and {@code Content-Length} are
     * set) and {@code body} to {@code instance}; {@code timeoutMillis} bounds the wait for a connection and for the
     * whole answer.
     */
    public void send(UpstreamInstance instance, HttpMethod method, String uri, HttpHeaders headers, Buffer body,
                     long timeoutMillis, Callback callback) {
        Context context = Vertx.currentContext();
        if (!Context.isOnEventLoopThread() || context == null) {
            vertx.runOnContext(ignored -> send(instance, method, uri, headers, body, timeoutMillis, callback));
            return;
        }
        send(((ContextInternal) context).nettyEventLoop(), instance, method, uri, headers, body, timeoutMillis, callback);
    }

    /** The same, from {@code loop}'s own thread: the answer comes back on it. */
    public void send(EventLoop loop, UpstreamInstance instance, HttpMethod method, String uri, HttpHeaders headers, Buffer body,
                     long timeoutMillis, Callback callback) {
        headers.set(HttpHeaderNames.HOST, instance.hostHeader());
        if (body.length() > 0 || method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        }
        Pending pending = new Pending(method, uri, headers, body, callback);
        pending.timer = loop.schedule(() -> pending.timedOut(), timeoutMillis, TimeUnit.MILLISECONDS);
        pools.get().computeIfAbsent(instance, key -> new Pool(key, loop)).submit(pending);
    }

    /** One request on its way: waiting for a connection, then for its answer. Completes once. */
    private static final class Pending {
        final HttpMethod method;
        final String uri;
        final HttpHeaders headers;
        final Buffer body;
        final Callback callback;
        ScheduledFuture<?> timer;
        Channel channel;
        boolean done;

        Pending(HttpMethod method, String uri, HttpHeaders headers, Buffer body, Callback callback) {
            this.method = method;
            this.uri = uri;
            this.headers = headers;
            this.body = body;
            this.callback = callback;
        }

        void timedOut() {
            Channel current = channel;
            if (current != null) {
                current.close();
            }
            fail(new TimeoutException("no answer from the upstream in time"));
        }

        void answer(Answer answer) {
            if (!done) {
                done = true;
                timer.cancel(false);
                callback.answered(answer);
            }
        }

        void fail(Throwable failure) {
            if (!done) {
                done = true;
                timer.cancel(false);
                callback.failed(failure);
            }
        }
    }

    /** One instance's connections on one event loop. */
    private final class Pool {
        private final UpstreamInstance instance;
        private final EventLoop loop;
        private final ArrayDeque<Channel> idle = new ArrayDeque<>();
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private int open;

        Pool(UpstreamInstance instance, EventLoop loop) {
            this.instance = instance;
            this.loop = loop;
        }

        void submit(Pending pending) {
            Channel channel = idle.pollFirst();
            while (channel != null && !channel.isActive()) {
                channel = idle.pollFirst();
            }
            if (channel != null) {
                write(channel, pending);
            } else if (open < maxConnections) {
                connect(pending);
            } else {
                waiting.addLast(pending);
            }
        }

        private void connect(Pending pending) {
            open++;
            VertxInternal internal = (VertxInternal) vertx;
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channelFactory(internal.transport().channelFactory(false))
                    .resolver(internal.nettyAddressResolverGroup())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) throws SSLException {
                            if (instance.ssl()) {
                                channel.pipeline().addLast(tls().newHandler(channel.alloc(), instance.host(), instance.port()));
                            }
                            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxResponseBytes),
                                    new Answers(Pool.this));
                        }
                    });
            bootstrap.connect(instance.host(), instance.port()).addListener((ChannelFutureListener) connected -> {
                if (connected.isSuccess()) {
                    connected.channel().closeFuture().addListener(closed -> closed());
                    if (pending.done) {
                        release(connected.channel(), true);
                    } else {
                        write(connected.channel(), pending);
                    }
                } else {
                    open--;
                    Throwable cause = connected.cause();
                    pending.fail(cause instanceof ConnectException ? cause
                            : (ConnectException) new ConnectException("cannot connect to " + instance.baseUrl() + ": " + cause).initCause(cause));
                    serveWaiting();
                }
            });
        }

        private void write(Channel channel, Pending pending) {
            if (pending.done) {
                release(channel, true);
                return;
            }
            pending.channel = channel;
            channel.pipeline().get(Answers.class).pending = pending;
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, pending.method, pending.uri,
                    pending.body.length() == 0 ? Unpooled.EMPTY_BUFFER : pending.body.getByteBuf().retainedDuplicate(), pending.headers, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
            channel.writeAndFlush(request).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    written.channel().close();
                    pending.fail(written.cause());
                }
            });
        }

        /** A connection is free again: to the next waiting request, else kept for the next one. */
        void release(Channel channel, boolean reusable) {
            if (!reusable || !channel.isActive()) {
                channel.close();
                return;
            }
            Pending next = nextWaiting();
            if (next != null) {
                write(channel, next);
            } else {
                idle.addFirst(channel);
            }
        }

        private void closed() {
            open--;
            serveWaiting();
        }

        /** After a connection closed or failed to open: one waiting request may open another. */
        private void serveWaiting() {
            if (open < maxConnections) {
                Pending next = nextWaiting();
                if (next != null) {
                    connect(next);
                }
            }
        }

        private Pending nextWaiting() {
            Pending next = waiting.pollFirst();
            while (next != null && next.done) {
                next = waiting.pollFirst();
            }
            return next;
        }
    }

    /** The pipeline's last handler: hands the whole answer to the request it belongs to. */
    private static final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Pool pool;
        Pending pending;

        Answers(Pool pool) {
            this.pool = pool;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            Pending current = pending;
            pending = null;
            boolean reusable = HttpUtil.isKeepAlive(response) && response.decoderResult().isSuccess();
            if (current == null) {
                context.close();
                return;
            }
            if (!response.decoderResult().isSuccess()) {
                context.close();
                current.fail(new IOException("unreadable answer from the upstream", response.decoderResult().cause()));
                return;
            }
            ByteBuf body = response.content().retain();
            current.channel = null;
            pool.release(context.channel(), reusable);
            current.answer(new Answer(response.status().code(), response.headers(), body));
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            Pending current = pending;
            pending = null;
            if (current != null) {
                current.fail(new ConnectionClosedException());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            Pending current = pending;
            pending = null;
            context.close();
            if (current != null) {
                current.fail(cause);
            }
        }
    }

    private SslContext tls() throws SSLException {
        SslContext current = tls;
        if (current == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = SslContextBuilder.forClient().build();
                }
                current = tls;
            }
        }
        return current;
    }
}
