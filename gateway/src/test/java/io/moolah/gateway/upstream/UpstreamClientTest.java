package io.moolah.gateway.upstream;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upstream leg against a real HTTP server on loopback: pooling, bounds, timeouts, refused connections. */
class UpstreamClientTest {
    private static Vertx vertx;
    private static HttpServer server;
    private static final Set<String> connections = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void startAService() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            requests.incrementAndGet();
            connections.add(request.connection().remoteAddress().toString());
            String path = request.path();
            if (path.equals("/silent")) {
                return; // never answers
            }
            long delay = path.equals("/slow") ? 50 : 1;
            vertx.setTimer(delay, ignored -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Echo-Method", request.method().name())
                    .putHeader("X-Echo-Host", String.valueOf(request.getHeader("Host")))
                    .end("{\"path\":\"" + path + "\",\"body\":" + body.length() + "}"));
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static UpstreamInstance instance(int port) {
        return new UpstreamInstance("cache", "http://127.0.0.1:" + port, 1_000_000_000L, 3);
    }

    /** Sends from one event loop, as the gateway does, and waits for the outcome. */
    private static CompletableFuture<UpstreamClient.Answer> send(Context loop, UpstreamClient client, UpstreamInstance instance,
                                                                 HttpMethod method, String path, String body, long timeoutMillis) {
        CompletableFuture<UpstreamClient.Answer> outcome = new CompletableFuture<>();
        loop.runOnContext(ignored -> client.send(instance, method, path, new DefaultHttpHeaders(false), Buffer.buffer(body),
                timeoutMillis, new UpstreamClient.Callback() {
                    @Override
                    public void answered(UpstreamClient.Answer answer) {
                        outcome.complete(answer);
                    }

                    @Override
                    public void failed(Throwable failure) {
                        outcome.completeExceptionally(failure);
                    }
                }));
        return outcome;
    }

    @Test
    void requestsBeyondThePoolWaitForAConnectionAndAllAreAnswered() throws Exception {
        UpstreamClient client = new UpstreamClient(vertx, 2, 1000, 1 << 20);
        Context loop = vertx.getOrCreateContext();
        UpstreamInstance instance = instance(server.actualPort());
        connections.clear();
        List<CompletableFuture<UpstreamClient.Answer>> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(send(loop, client, instance, HttpMethod.POST, "/slow?i=" + i, "{\"i\":" + i + "}", 5000));
        }
        for (int i = 0; i < outcomes.size(); i++) {
            UpstreamClient.Answer answer = outcomes.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(200, answer.status());
            assertEquals("POST", answer.headers().get("X-Echo-Method"));
            assertEquals("127.0.0.1:" + server.actualPort(), answer.headers().get("X-Echo-Host"));
            assertEquals("{\"path\":\"/slow\",\"body\":" + ("{\"i\":" + i + "}").length() + "}", answer.body().toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(2, connections.size(), "twenty requests over the two connections the pool allows: " + connections);
    }

    @Test
    void aSilentServiceTimesOutAndTheNextRequestIsAnsweredOnAFreshConnection() throws Exception {
        UpstreamClient client = new UpstreamClient(vertx, 1, 1000, 1 << 20);
        Context loop = vertx.getOrCreateContext();
        UpstreamInstance instance = instance(server.actualPort());
        ExecutionException silent = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> send(loop, client, instance, HttpMethod.GET, "/silent", "", 200).get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, silent.getCause());
        UpstreamClient.Answer next = send(loop, client, instance, HttpMethod.GET, "/after", "", 5000).get(10, TimeUnit.SECONDS);
        assertEquals(200, next.status());
        assertTrue(next.body().toString(java.nio.charset.StandardCharsets.UTF_8).contains("/after"));
    }

    @Test
    void aRequestWaitingForAConnectionTimesOutToo() throws Exception {
        UpstreamClient client = new UpstreamClient(vertx, 1, 1000, 1 << 20);
        Context loop = vertx.getOrCreateContext();
        UpstreamInstance instance = instance(server.actualPort());
        CompletableFuture<UpstreamClient.Answer> holding = send(loop, client, instance, HttpMethod.GET, "/silent", "", 1500);
        ExecutionException waiting = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> send(loop, client, instance, HttpMethod.GET, "/queued", "", 200).get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, waiting.getCause());
        ExecutionException held = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> holding.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, held.getCause());
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UpstreamClient client = new UpstreamClient(vertx, 4, 1000, 1 << 20);
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> send(vertx.getOrCreateContext(), client, instance(closedPort), HttpMethod.GET, "/x", "", 2000).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, refused.getCause());
    }

    @Test
    void aHeadRequestsAnswerHasNoBodyAndTheConnectionStaysUsable() throws Exception {
        UpstreamClient client = new UpstreamClient(vertx, 1, 1000, 1 << 20);
        Context loop = vertx.getOrCreateContext();
        UpstreamInstance instance = instance(server.actualPort());
        UpstreamClient.Answer head = send(loop, client, instance, HttpMethod.HEAD, "/head", "", 5000).get(10, TimeUnit.SECONDS);
        assertEquals(200, head.status());
        assertEquals(0, head.body().readableBytes());
        UpstreamClient.Answer get = send(loop, client, instance, HttpMethod.GET, "/get", "", 5000).get(10, TimeUnit.SECONDS);
        assertTrue(get.body().toString(java.nio.charset.StandardCharsets.UTF_8).contains("/get"));
    }
}
