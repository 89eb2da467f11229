package io.moolah.gateway.exchange;

import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.platform.security.Caller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One public request and its answer, from the first byte of the request to the end of the answer, on the event loop of
 * its connection. The public port (server/) makes one for each request it decodes, HTTP/1.1 or HTTP/2 alike, and runs
 * the steps it was given over it in order ({@link #next()}); a step either answers ({@link #end}) or passes it on. What
 * the steps learn travels as fields (route, caller, body, request id), not in a map.
 * <p>
 * The body is not read until a step asks for it ({@link #readBody}) or drops it ({@link #dropBody()}): chunks that
 * arrive before are held and the connection stops reading, so nothing is buffered for a request refused before its
 * body (no token, over a limit). Once answered, whatever is left of the body is read and dropped, so the connection
 * stays usable.
 * <p>
 * Not thread-safe: touched only on its connection's event loop (callbacks from Redis and worker threads come back to
 * the Vert.x context bound to that loop).
 */
public final class Exchange {
    /** What an exchange needs from the connection it came on: implemented by server/ for HTTP/1.1 and HTTP/2. */
    public interface Wire {
        /** Writes the whole answer; {@code closeAfter} ends the connection once it is out (gracefully for HTTP/2). */
        void write(Exchange exchange, int status, HttpHeaders headers, ByteBuf body, boolean closeAfter);

        /** Writes an interim {@code 100 Continue}. */
        void writeContinue();

        /** Starts or stops reading this request's body from the network. */
        void reading(boolean on);

        /** Abandons the exchange: the stream is reset (HTTP/2) or the connection closed (HTTP/1.1). */
        void reset();
    }

    /** One step of the public pipeline. */
    @FunctionalInterface
    public interface Step {
        void handle(Exchange exchange);
    }

    /** What a step reading the body is told: each chunk, then the end or a failure. Chunks are the reader's to keep. */
    public interface BodyReader {
        void chunk(ByteBuf chunk);

        void end();

        void failed(Throwable failure);
    }

    public enum Version { HTTP_1_0, HTTP_1_1, HTTP_2 }

    private final HttpRequest request;
    private final Version version;
    private final String path;
    private final String query;
    private final ClientConnection connection;
    private final ContextInternal context;
    private final EventLoop loop;
    private final Wire wire;
    private final Step[] steps;
    private final BiConsumer<Exchange, Throwable> onFailure;
    private final long startedNanos = System.nanoTime();
    private int nextStep;

    private Route route;
    private Caller caller;
    private Buffer body;
    private String requestId;
    private String traceParent;

    private int status = 200;
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders(false);
    private boolean ended;
    private boolean closed;
    private boolean closeAfterAnswer;
    private long bytesWritten;
    private List<Runnable> endHandlers;
    private List<Runnable> headersEndHandlers;

    private boolean requestEnded;
    private boolean bodyless;
    private ArrayDeque<ByteBuf> early;
    private BodyReader reader;
    private boolean dropping;

    public Exchange(HttpRequest request, Version version, ClientConnection connection, ContextInternal context, EventLoop loop,
                    Wire wire, Step[] steps, BiConsumer<Exchange, Throwable> onFailure) {
        this.request = request;
        this.version = version;
        this.connection = connection;
        this.context = context;
        this.loop = loop;
        this.wire = wire;
        this.steps = steps;
        this.onFailure = onFailure;
        String uri = request.uri();
        this.path = RequestUris.path(uri);
        this.query = RequestUris.query(uri);
    }

    // ---- the request

    public HttpRequest request() {
        return request;
    }

    public HttpMethod method() {
        return request.method();
    }

    /** The path as sent, without the scheme and authority of an absolute-form target; never null. */
    public String path() {
        return path;
    }

    /** The query as sent, without the {@code ?}; null when there is none. */
    public String query() {
        return query;
    }

    /** The request target as sent. */
    public String uri() {
        return request.uri();
    }

    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    public Version version() {
        return version;
    }

    public ClientConnection connection() {
        return connection;
    }

    /** The client's address (from the PROXY protocol header when one came first); "unknown" when not known. */
    public String remoteAddress() {
        return connection.remoteAddress();
    }

    /** The Vert.x context of this connection's event loop: Redis answers, timers and blocking work come back to it. */
    public ContextInternal context() {
        return context;
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Runs {@code task} on this exchange's event loop after {@code millis}, with its Vert.x context current. */
    public io.netty.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long millis) {
        return loop.schedule(() -> context.dispatch(task), millis, TimeUnit.MILLISECONDS);
    }

    public EventLoop eventLoop() {
        return loop;
    }

    // ---- what the steps learn

    public Route route() {
        return route;
    }

    public void route(Route route) {
        this.route = route;
    }

    /** The signed-in caller; null on public routes. */
    public Caller caller() {
        return caller;
    }

    public void caller(Caller caller) {
        this.caller = caller;
    }

    /** The request body as sent; empty when there is none. */
    public Buffer body() {
        return body == null ? Buffer.buffer() : body;
    }

    public void body(Buffer body) {
        this.body = body;
    }

    public String requestId() {
        return requestId;
    }

    public void requestId(String requestId) {
        this.requestId = requestId;
    }

    /** The gateway's place in the request's trace (W3C traceparent), sent to the service; null when not traced. */
    public String traceParent() {
        return traceParent;
    }

    public void traceParent(String traceParent) {
        this.traceParent = traceParent;
    }

    // ---- the steps

    /** Runs the next step; a step that throws is answered by the failure handler the server gave. */
    public void next() {
        if (nextStep >= steps.length) {
            return;
        }
        Step step = steps[nextStep++];
        try {
            step.handle(this);
        } catch (RuntimeException e) {
            onFailure.accept(this, e);
        }
    }

    // ---- the answer

    public int status() {
        return status;
    }

    public Exchange status(int status) {
        this.status = status;
        return this;
    }

    /** The answer's headers, to add to until it is written. */
    public HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    /** Whether the answer has been written (or the exchange abandoned). */
    public boolean ended() {
        return ended;
    }

    /** Whether the client's connection (or stream) closed before the answer was written. */
    public boolean closed() {
        return closed;
    }

    /** Body bytes of the answer written. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Called once when the exchange ends: answered, reset, or its connection closed. */
    public void addEndHandler(Runnable handler) {
        if (endHandlers == null) {
            endHandlers = new ArrayList<>(4);
        }
        endHandlers.add(handler);
    }

    /** Called just before the answer's head is written, to edit its headers. */
    public void addHeadersEndHandler(Runnable handler) {
        if (headersEndHandlers == null) {
            headersEndHandlers = new ArrayList<>(2);
        }
        headersEndHandlers.add(handler);
    }

    /**
     * Ends the client's connection once the answer is out: HTTP/1.1 with {@code Connection: close}, HTTP/2 with a
     * graceful shutdown (GOAWAY), since its other streams are the client's own.
     */
    public void closeAfterAnswer() {
        closeAfterAnswer = true;
    }

    public void end() {
        end(Unpooled.EMPTY_BUFFER);
    }

    public void end(String text) {
        end(Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8));
    }

    public void end(Buffer buffer) {
        end(buffer.length() == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(buffer.getBytes()));
    }

    /** Writes the answer with {@code content} as its body (this takes ownership of it). Once; later calls are ignored. */
    public void end(ByteBuf content) {
        if (ended) {
            ReferenceCountUtil.release(content);
            return;
        }
        ended = true;
        if (headersEndHandlers != null) {
            for (Runnable handler : headersEndHandlers) {
                handler.run();
            }
        }
        if (closed) {
            ReferenceCountUtil.release(content);
        } else {
            bytesWritten = content.readableBytes();
            wire.write(this, status, responseHeaders, content, closeAfterAnswer);
        }
        if (!requestEnded && !dropping) {
            dropBody();
        }
        finished();
    }

    /** Writes an interim {@code 100 Continue} (HTTP/1.1 and HTTP/2). */
    public void writeContinue() {
        if (!ended && !closed) {
            wire.writeContinue();
        }
    }

    /** Abandons the exchange without an answer: the stream is reset or the connection closed. */
    public void reset() {
        if (!ended) {
            ended = true;
            wire.reset();
            finished();
        }
    }

    // ---- the request body

    /** Whether the whole request has arrived (its last chunk, read or not yet, or it had no body). */
    public boolean requestEnded() {
        return requestEnded;
    }

    /** Whether the request came without a body (no Content-Length above 0, no chunks; HTTP/2: ended with its headers). */
    public boolean bodyless() {
        return bodyless;
    }

    /** From the server: the request has no body at all. */
    public void noBody() {
        bodyless = true;
        requestEnded = true;
    }

    /** Starts reading the body into {@code reader}: chunks held so far first. */
    public void readBody(BodyReader reader) {
        this.reader = reader;
        if (early != null) {
            ByteBuf chunk;
            while ((chunk = early.pollFirst()) != null) {
                if (this.reader != reader) {
                    chunk.release();
                } else {
                    reader.chunk(chunk);
                }
            }
        }
        if (requestEnded) {
            if (this.reader == reader) {
                reader.end();
            }
        } else {
            wire.reading(true);
        }
    }

    /** Reads what is left of the body and drops it. */
    public void dropBody() {
        dropping = true;
        reader = null;
        if (early != null) {
            ByteBuf chunk;
            while ((chunk = early.pollFirst()) != null) {
                chunk.release();
            }
        }
        if (!requestEnded) {
            wire.reading(true);
        }
    }

    /** From the server: a chunk of the body (owned by this exchange from here), {@code last} on the request's end. */
    public void received(ByteBuf chunk, boolean last) {
        if (last) {
            requestEnded = true;
        }
        if (dropping || closed) {
            chunk.release();
        } else if (reader != null) {
            if (chunk.isReadable()) {
                reader.chunk(chunk);
            } else {
                chunk.release();
            }
            if (last && reader != null) {
                reader.end();
            }
        } else {
            if (chunk.isReadable()) {
                if (early == null) {
                    early = new ArrayDeque<>(4);
                }
                early.addLast(chunk);
                if (!last) {
                    // Held until a step asks for the body: stop reading more of it meanwhile.
                    wire.reading(false);
                }
            } else {
                chunk.release();
            }
        }
    }

    /** From the server: the body could not be decoded (a broken chunked encoding, say). */
    public void receiveFailed(Throwable failure) {
        requestEnded = true;
        BodyReader current = reader;
        if (current != null && !dropping) {
            reader = null;
            current.failed(failure);
        } else if (!ended) {
            onFailure.accept(this, new BadRequestException(failure));
        }
    }

    /** From the server: the connection or stream closed. Ends the exchange if the answer was not written yet. */
    public void connectionClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (early != null) {
            ByteBuf chunk;
            while ((chunk = early.pollFirst()) != null) {
                chunk.release();
            }
        }
        if (!ended) {
            ended = true;
            finished();
        }
    }

    private void finished() {
        List<Runnable> handlers = endHandlers;
        endHandlers = null;
        if (handlers != null) {
            for (Runnable handler : handlers) {
                handler.run();
            }
        }
    }

    /** A request the gateway could not read: answered 400. */
    public static final class BadRequestException extends RuntimeException {
        public BadRequestException(Throwable cause) {
            super(cause == null ? "bad request" : cause.toString(), cause, false, false);
        }
    }
}
