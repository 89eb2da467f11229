package io.moolah.gateway.server;

import io.moolah.gateway.exchange.ClientConnection;
import io.moolah.gateway.exchange.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.vertx.core.impl.ContextInternal;

/**
 * HTTP/2 on one connection, on the frames Netty's frame codec reads: one exchange per stream, kept by stream id. No
 * channel per stream and no conversion of every frame to HTTP/1 objects (measured: with them HTTP/2 cost the gateway
 * twice the CPU per read of HTTP/1.1, docs/benchmarks.md, session 12). Reading a stream's body is its flow control: a
 * body nobody reads yet gets no window back, so the client stops sending it, not its other streams. Ending the
 * connection after an answer is a graceful shutdown (GOAWAY), since its other streams are the client's own.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {
    private final ClientConnection connection;
    private final ContextInternal vertxContext;
    private final PublicRouter router;
    private final IntObjectHashMap<StreamWire> streams = new IntObjectHashMap<>();
    private ChannelHandlerContext context;

    Http2Connection(ClientConnection connection, ContextInternal vertxContext, PublicRouter router) {
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
            if (message instanceof Http2HeadersFrame headers) {
                headers(headers);
            } else if (message instanceof Http2DataFrame data) {
                data(data);
            } else if (message instanceof Http2ResetFrame reset) {
                closed(reset.stream().id());
            } else {
                ReferenceCountUtil.release(message);
            }
        } finally {
            vertxContext.endDispatch(previous);
        }
    }

    private void headers(Http2HeadersFrame frame) {
        Http2FrameStream stream = frame.stream();
        StreamWire known = streams.get(stream.id());
        if (known != null) {
            // Trailers: the request's end.
            if (frame.isEndStream()) {
                known.exchange.received(Unpooled.EMPTY_BUFFER, true);
            }
            return;
        }
        HttpRequest request;
        try {
            request = HttpConversionUtil.toHttpRequest(stream.id(), frame.headers(), true);
        } catch (Http2Exception | RuntimeException e) {
            context.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(stream));
            return;
        }
        request.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        StreamWire wire = new StreamWire(stream);
        Exchange exchange = new Exchange(request, Exchange.Version.HTTP_2, connection, vertxContext, context.channel().eventLoop(),
                wire, router.steps(), router::failed);
        wire.exchange = exchange;
        streams.put(stream.id(), wire);
        if (frame.isEndStream()) {
            exchange.noBody();
        }
        exchange.next();
    }

    private void data(Http2DataFrame frame) {
        StreamWire wire = streams.get(frame.stream().id());
        int bytes = frame.initialFlowControlledBytes();
        if (wire == null) {
            frame.release();
            giveWindowBack(frame.stream(), bytes);
            return;
        }
        wire.exchange.received(frame.content(), frame.isEndStream());
        wire.consumed(bytes);
    }

    private void giveWindowBack(Http2FrameStream stream, int bytes) {
        if (bytes > 0 && stream.state() != Http2Stream.State.CLOSED) {
            context.writeAndFlush(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
        }
    }

    private void closed(int streamId) {
        StreamWire wire = streams.remove(streamId);
        if (wire != null) {
            wire.exchange.connectionClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof Http2FrameStreamEvent change && change.type() == Http2FrameStreamEvent.Type.State
                && change.stream().state() == Http2Stream.State.CLOSED) {
            ContextInternal previous = vertxContext.beginDispatch();
            try {
                closed(change.stream().id());
            } finally {
                vertxContext.endDispatch(previous);
            }
            return;
        }
        super.userEventTriggered(context, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        ContextInternal previous = vertxContext.beginDispatch();
        try {
            for (StreamWire wire : streams.values()) {
                wire.exchange.connectionClosed();
            }
            streams.clear();
        } finally {
            vertxContext.endDispatch(previous);
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof Http2FrameStreamException streamFailure) {
            // One stream's error (the codec has reset it): the connection and its other streams go on.
            ContextInternal previous = vertxContext.beginDispatch();
            try {
                closed(streamFailure.stream().id());
            } finally {
                vertxContext.endDispatch(previous);
            }
            return;
        }
        context.close();
    }

    /** One stream's side of its exchange: its answer as frames, its window given back as its body is read. */
    private final class StreamWire implements Exchange.Wire {
        private final Http2FrameStream stream;
        private Exchange exchange;
        private boolean reading = true;
        private int unconsumed;

        StreamWire(Http2FrameStream stream) {
            this.stream = stream;
        }

        void consumed(int bytes) {
            if (reading) {
                giveWindowBack(stream, bytes);
            } else {
                unconsumed += bytes;
            }
        }

        @Override
        public void write(Exchange exchange, int status, HttpHeaders headers, ByteBuf body, boolean closeAfter) {
            boolean head = HttpMethod.HEAD.equals(exchange.method());
            if (!head && status != 204 && status != 304 && status >= 200) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            }
            Http2Headers answer = HttpConversionUtil.toHttp2Headers(headers, false);
            answer.status(io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).codeAsText());
            boolean empty = head || !body.isReadable();
            context.write(new DefaultHttp2HeadersFrame(answer, empty).stream(stream));
            if (empty) {
                body.release();
            } else {
                context.write(new DefaultHttp2DataFrame(body, true).stream(stream));
            }
            context.flush();
            if (closeAfter) {
                context.close();
            }
        }

        @Override
        public void writeContinue() {
            context.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("100"), false).stream(stream));
        }

        @Override
        public void reading(boolean on) {
            if (on && !reading) {
                reading = true;
                int bytes = unconsumed;
                unconsumed = 0;
                giveWindowBack(stream, bytes);
            } else if (!on) {
                reading = false;
            }
        }

        @Override
        public void reset() {
            streams.remove(stream.id());
            context.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
        }
    }
}
