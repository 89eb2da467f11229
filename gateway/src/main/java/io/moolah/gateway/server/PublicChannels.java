package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.ClientConnection;
import io.moolah.gateway.exchange.HeaderNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.vertx.core.impl.ContextInternal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Function;

/**
 * Each public connection's pipeline: idle timeout, the PROXY protocol header when configured, TLS, then by ALPN either
 * HTTP/1.1 ({@link Http1Connection}) or HTTP/2 frames ({@link Http2Connection}). Both
 * hand the pipeline's steps one exchange per request.
 */
final class PublicChannels extends ChannelInitializer<Channel> {
    private final GatewaySettings.Https https;
    private final SslContext tls;
    private final long handshakeTimeoutMillis;
    private final PublicRouter router;
    private final Function<EventLoop, ContextInternal> contexts;

    PublicChannels(GatewaySettings settings, SslContext tls, long handshakeTimeoutMillis, PublicRouter router,
                   Function<EventLoop, ContextInternal> contexts) {
        this.https = settings.https();
        this.tls = tls;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.router = router;
        this.contexts = contexts;
    }

    @Override
    protected void initChannel(Channel channel) {
        ClientConnection connection = new ClientConnection(channel, hostAddress(channel.remoteAddress()));
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("idle", new IdleTimeout(https.idleTimeout().toMillis()));
        if (https.proxyProtocol()) {
            pipeline.addLast("proxy-protocol", new HAProxyMessageDecoder());
            pipeline.addLast("proxy-address", new ProxiedAddress(connection));
        }
        SslHandler ssl = tls.newHandler(channel.alloc());
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        pipeline.addLast("tls", ssl);
        pipeline.addLast("alpn", new Negotiation(connection));
    }

    /**
     * Answer headers whose value is new in every answer (the request id, the rate limit's remaining count) are sent as
     * literals that HPACK never indexes: indexed, each one evicted another entry from the connection's table.
     */
    private static boolean changesEveryAnswer(CharSequence name, CharSequence value) {
        return AsciiString.contentEqualsIgnoreCase(name, HeaderNames.REQUEST_ID)
                || AsciiString.contentEqualsIgnoreCase(name, HeaderNames.RATE_LIMIT);
    }

    static String hostAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "unknown";
    }

    /** HTTP/1.1 or HTTP/2, as the client chose by ALPN (HTTP/1.1 when it chose nothing). */
    private final class Negotiation extends ApplicationProtocolNegotiationHandler {
        private final ClientConnection connection;

        Negotiation(ClientConnection connection) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.connection = connection;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext context, String protocol) {
            ContextInternal vertxContext = contexts.apply(context.channel().eventLoop());
            ChannelPipeline pipeline = context.pipeline();
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                pipeline.addLast("h2", Http2FrameCodecBuilder.forServer()
                        .headerSensitivityDetector(PublicChannels::changesEveryAnswer)
                        .initialSettings(Http2Settings.defaultSettings()
                                .maxHeaderListSize(https.maxHeaderSize())
                                .maxConcurrentStreams(https.maxConcurrentStreams()))
                        .build());
                pipeline.addLast("h2-exchanges", new Http2Connection(connection, vertxContext, router));
            } else {
                pipeline.addLast("h1", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(https.maxInitialLineLength())
                        .setMaxHeaderSize(https.maxHeaderSize())));
                pipeline.addLast("h1-exchanges", new Http1Connection(connection, vertxContext, router));
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    /** Takes the client's address from the PROXY protocol header, then leaves the pipeline. */
    private static final class ProxiedAddress extends ChannelInboundHandlerAdapter {
        private final ClientConnection connection;

        ProxiedAddress(ClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (message instanceof HAProxyMessage proxied) {
                try {
                    if (proxied.sourceAddress() != null) {
                        connection.remoteAddress(proxied.sourceAddress());
                    }
                } finally {
                    proxied.release();
                }
                context.pipeline().remove(this);
                return;
            }
            super.channelRead(context, message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
