package io.moolah.gateway.server;

import io.moolah.gateway.exchange.ClientConnection;
import io.moolah.gateway.exchange.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.impl.ContextInternal;

/**
 * One HTTP/2 stream: its request, already converted to HTTP objects by Netty's codec, as one exchange. Reading the
 * stream's body is the stream's flow control: a body nobody reads yet holds back the client's window, not the other
 * streams. Ending the connection after an answer is a graceful shutdown (GOAWAY), since its other streams are the
 * client's own.
 */
final class Http2Stream extends ChannelInboundHandlerAdapter implements Exchange.Wire {
    private final ClientConnection connection;
    private final ContextInternal vertxContext;
    private final PublicRouter router;
    private ChannelHandlerContext context;
    private Exchange exchange;

    Http2Stream(ClientConnection connection, ContextInternal vertxContext, PublicRouter router) {
        this.connection = connection;
        this.vertxContext = vertxContext;
        this.router = router;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ContextInternal previous = vertxContext.beginDispatch();
        try {
            if (message instanceof HttpRequest request && exchange == null) {
                exchange = new Exchange(request, Exchange.Version.HTTP_2, connection, vertxContext, context.channel().eventLoop(), this,
                        router.steps(), router::failed);
                if (message instanceof LastHttpContent content && !content.content().isReadable()) {
                    content.release();
                    exchange.noBody();
                } else if (message instanceof HttpContent content) {
                    exchange.received(content.content(), content instanceof LastHttpContent);
                }
                exchange.next();
            } else if (message instanceof HttpContent content && exchange != null) {
                exchange.received(content.content(), content instanceof LastHttpContent);
            } else {
                ReferenceCountUtil.release(message);
            }
        } finally {
            vertxContext.endDispatch(previous);
        }
    }

    @Override
    public void write(Exchange exchange, int status, HttpHeaders headers, ByteBuf body, boolean closeAfter) {
        if (!HttpMethod.HEAD.equals(exchange.method()) && status != 204 && status != 304 && status >= 200) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body, headers,
                EmptyHttpHeaders.INSTANCE)).addListener(written -> {
            if (closeAfter) {
                connection.channel().close();
            }
        });
    }

    @Override
    public void writeContinue() {
        context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }

    @Override
    public void reading(boolean on) {
        if (context.channel().config().isAutoRead() != on) {
            context.channel().config().setAutoRead(on);
        }
    }

    @Override
    public void reset() {
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        Exchange current = exchange;
        if (current != null) {
            ContextInternal previous = vertxContext.beginDispatch();
            try {
                current.connectionClosed();
            } finally {
                vertxContext.endDispatch(previous);
            }
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
