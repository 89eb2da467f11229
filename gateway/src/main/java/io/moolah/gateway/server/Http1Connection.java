package io.moolah.gateway.server;

import io.moolah.gateway.exchange.ClientConnection;
import io.moolah.gateway.exchange.Exchange;
import io.moolah.platform.web.Problem;
import io.moolah.platform.web.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 (and 1.0) on one connection: one exchange at a time, in order. Requests a client pipelines behind the one
 * in progress wait, decoded, until it is answered (the connection stops reading meanwhile). A request Netty cannot
 * decode is answered 414, 431 or 400 and the connection closes: what follows it cannot be read as requests.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements Exchange.Wire {
    private final ClientConnection connection;
    private final ContextInternal vertxContext;
    private final PublicRouter router;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
    private ChannelHandlerContext context;
    private Exchange current;
    private HttpVersion version;
    private boolean keepAlive;
    private boolean requestDone;
    private boolean answered;
    private boolean skipEmptyLast;
    private boolean broken;

    Http1Connection(ClientConnection connection, ContextInternal vertxContext, PublicRouter router) {
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
        if (broken) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (!waiting.isEmpty() || (current != null && requestDone && !(skipEmptyLast && message instanceof LastHttpContent))) {
            waiting.addLast(message);
            reading(false);
            return;
        }
        ContextInternal previous = vertxContext.beginDispatch();
        try {
            handle(message);
        } finally {
            vertxContext.endDispatch(previous);
        }
    }

    private void handle(Object message) {
        if (message instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                undecodable(request);
                ReferenceCountUtil.release(message);
                return;
            }
            start(request);
            if (message instanceof HttpContent content) {
                body(content);
            }
        } else if (message instanceof HttpContent content) {
            if (skipEmptyLast && content instanceof LastHttpContent && !content.content().isReadable()) {
                skipEmptyLast = false;
                content.release();
                return;
            }
            if (current == null || requestDone) {
                content.release();
                return;
            }
            body(content);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    private void start(HttpRequest request) {
        version = request.protocolVersion();
        keepAlive = HttpUtil.isKeepAlive(request);
        requestDone = false;
        answered = false;
        Exchange exchange = new Exchange(request, version == HttpVersion.HTTP_1_0 ? Exchange.Version.HTTP_1_0 : Exchange.Version.HTTP_1_1,
                connection, vertxContext, context.channel().eventLoop(), this, router.steps(), router::failed);
        current = exchange;
        if (!HttpUtil.isTransferEncodingChunked(request) && declaredLength(request) <= 0 && !(request instanceof HttpContent)) {
            // No body: Netty follows the request with an empty last chunk, which is not waited for.
            requestDone = true;
            skipEmptyLast = true;
            exchange.noBody();
        }
        exchange.next();
    }

    private void body(HttpContent content) {
        Exchange exchange = current;
        if (content.decoderResult().isFailure()) {
            requestDone = true;
            keepAlive = false;
            broken = true;
            content.release();
            exchange.closeAfterAnswer();
            exchange.receiveFailed(content.decoderResult().cause());
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestDone = true;
        }
        exchange.received(content.content(), last);
        if (last && answered) {
            nextExchange();
        }
    }

    private static long declaredLength(HttpRequest request) {
        try {
            return HttpUtil.getContentLength(request, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void write(Exchange exchange, int status, HttpHeaders headers, ByteBuf body, boolean closeAfter) {
        if (exchange != current) {
            body.release();
            return;
        }
        answered = true;
        boolean close = closeAfter || !keepAlive || broken;
        boolean head = HttpMethod.HEAD.equals(exchange.method());
        if (!head && status != 204 && status != 304 && status >= 200) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, "close");
        } else if (version == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), body, headers,
                EmptyHttpHeaders.INSTANCE);
        if (close) {
            broken = true;
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            context.writeAndFlush(response, context.voidPromise());
            if (requestDone) {
                nextExchange();
            }
        }
    }

    /** The exchange in progress is over: a request that waited behind it is taken next, on a fresh turn of the loop. */
    private void nextExchange() {
        current = null;
        if (!waiting.isEmpty()) {
            context.channel().eventLoop().execute(this::takeWaiting);
        } else {
            reading(true);
        }
    }

    private void takeWaiting() {
        ContextInternal previous = vertxContext.beginDispatch();
        try {
            while (!waiting.isEmpty() && !broken && (current == null || !requestDone || (skipEmptyLast && waiting.peekFirst() instanceof LastHttpContent))) {
                handle(waiting.pollFirst());
            }
        } finally {
            vertxContext.endDispatch(previous);
        }
        if (waiting.isEmpty() && current == null) {
            reading(true);
        }
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
        broken = true;
        context.close();
    }

    /** A request line or headers Netty could not decode: a problem, then the connection closes. */
    private void undecodable(HttpRequest request) {
        broken = true;
        Problem problem = router.undecodable(request.decoderResult().cause());
        HttpHeaders headers = new DefaultHttpHeaders();
        router.undecodableHeaders(headers, RequestIds.idOf(request.headers().get(RequestIds.HEADER)));
        byte[] json = Json.encode(problem).getBytes(StandardCharsets.UTF_8);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, json.length);
        context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(problem.status()),
                Unpooled.wrappedBuffer(json), headers, EmptyHttpHeaders.INSTANCE)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        broken = true;
        Object message;
        while ((message = waiting.pollFirst()) != null) {
            ReferenceCountUtil.release(message);
        }
        Exchange exchange = current;
        if (exchange != null) {
            ContextInternal previous = vertxContext.beginDispatch();
            try {
                exchange.connectionClosed();
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
