package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.LocalTraces;
import io.moolah.localstack.LocalTraces.SpanRecord;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace from the client's request to the consumer's work: the gateway's span (a child of the client's
 * traceparent), the transaction-service's (a child of the gateway's), the ledger's batch and its SQL statements, and
 * the cache-service taking in the transfer's event from Kafka (its parent is the request's trace, carried from the
 * outbox through the record's traceparent header). The spans are read from the local run's trace receiver, which the
 * services export to with OTLP as they would to a collector.
 */
@ExtendWith(PlatformExtension.class)
class TracingSystemTest {

    @Test
    void aTransferIsOneTraceFromTheGatewayThroughTheLedgerAndKafkaToTheCache(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        // The sender on the second ledger shard: that shard's own pools are traced as shard 0's are.
        Customers.Customer alice = onShard(platform, client, 1);
        Customers.Customer bob = Customers.register(client, "Bob Traced");
        Customers.fund(client, platform, alice, 20_000);
        String traceId = hex(16);
        String clientSpanId = hex(8);

        GatewayClient.Reply sent = client.send("POST", "/transfers", GatewayClient.json(Map.of("fromWalletId", alice.walletId(),
                        "toWalletId", bob.walletId(), "amount", 1_500, "currency", "ZAR", "reference", "traced")),
                Map.of("Authorization", "Bearer " + alice.token(), "Idempotency-Key", UUID.randomUUID().toString(),
                        "traceparent", "00-" + traceId + "-" + clientSpanId + "-01"));
        assertEquals(201, sent.status(), sent.body());

        LocalTraces traces = platform.platform().traces();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<SpanRecord> received = traces.trace(traceId);
        // Each service exports its spans in batches of its own, in whatever order: wait for every one the test reads.
        while (!(find(received, span -> span.service().equals("cache-service") && span.kind().equals("CONSUMER")).isPresent()
                && find(received, span -> span.name().equals("post transfer batch")).isPresent()
                && find(received, span -> span.service().equals("gateway") && span.kind().equals("SERVER")).isPresent()
                && find(received, span -> span.service().equals("transaction-service") && span.kind().equals("SERVER")).isPresent())) {
            assertTrue(System.nanoTime() < deadline, "30 s without the transfer's spans from the gateway, the ledger and "
                    + "the cache; its trace has " + received + "; the receiver has " + traces.count() + " spans");
            Await.sleep(200);
            received = traces.trace(traceId);
        }
        List<SpanRecord> spans = received;

        SpanRecord gateway = find(spans, span -> span.service().equals("gateway") && span.kind().equals("SERVER")).orElseThrow();
        assertEquals(clientSpanId, gateway.parentSpanId(), "the gateway continues the client's trace");
        assertEquals("POST transfers", gateway.name());
        assertEquals("201", gateway.attributes().get("http.response.status_code"));
        assertEquals(sent.header("X-Request-Id"), gateway.attributes().get("moolah.request_id"));

        SpanRecord ledger = find(spans, span -> span.service().equals("transaction-service") && span.kind().equals("SERVER"))
                .orElseThrow(() -> new AssertionError("no transaction-service span in " + spans));
        assertEquals(gateway.spanId(), ledger.parentSpanId(), "the service's span is the gateway's child");

        SpanRecord batch = find(spans, span -> span.name().equals("post transfer batch")).orElseThrow();
        assertEquals("transaction-service", batch.service());
        String shardDatabase = LedgerDatabase.database(1);
        assertTrue(spans.stream().anyMatch(span -> span.service().equals("transaction-service") && span.kind().equals("CLIENT")
                        && span.attributes().entrySet().stream().anyMatch(attribute -> attribute.getKey().startsWith("db.")
                        && attribute.getValue().equals(shardDatabase))),
                "the ledger's SQL statements on the sender's shard (" + shardDatabase + ") are in the trace: " + spans);

        SpanRecord cache = find(spans, span -> span.service().equals("cache-service") && span.kind().equals("CONSUMER")).orElseThrow();
        assertEquals("transaction.events", cache.attributes().get("messaging.destination.name"));
        assertTrue(spans.stream().anyMatch(span -> span.spanId().equals(cache.parentSpanId())
                        && span.service().equals("transaction-service")),
                "the consumer's parent is the ledger's span that wrote the event: " + cache + " in " + spans);
    }

    /**
     * A read the cache must ask the ledger for (a balance in the past): the ledger's span is the child of the cache's
     * REST client call (LedgerApi), itself within the cache's span of the request.
     */
    @Test
    void aReadTheCacheAsksTheLedgerForIsOneTrace(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customers.Customer carol = Customers.register(client, "Carol Traced");
        String traceId = hex(16);

        GatewayClient.Reply read = client.send("GET", "/wallets/" + carol.walletId() + "/balance?at=" + java.time.Instant.now(), null,
                Map.of("Authorization", "Bearer " + carol.token(), "traceparent", "00-" + traceId + "-" + hex(8) + "-01"));
        assertEquals(200, read.status(), read.body());

        LocalTraces traces = platform.platform().traces();
        Predicate<SpanRecord> ledgerServer = span -> span.service().equals("transaction-service") && span.kind().equals("SERVER");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<SpanRecord> spans = traces.trace(traceId);
        Predicate<SpanRecord> cacheServer = span -> span.service().equals("cache-service") && span.kind().equals("SERVER");
        Predicate<SpanRecord> cacheClient = span -> span.service().equals("cache-service") && span.kind().equals("CLIENT");
        while (find(spans, ledgerServer).isEmpty() || find(spans, cacheServer).isEmpty() || find(spans, cacheClient).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "30 s without the cache's and the ledger's spans of the read; its trace has " + spans);
            Await.sleep(200);
            spans = traces.trace(traceId);
        }
        List<SpanRecord> received = spans;
        SpanRecord cache = find(received, cacheServer).orElseThrow();
        SpanRecord ledger = find(received, ledgerServer).orElseThrow();
        SpanRecord call = find(received, span -> span.spanId().equals(ledger.parentSpanId())).orElseThrow(
                () -> new AssertionError("the ledger's span has no parent in the trace: " + received));
        assertEquals("cache-service", call.service(), "the ledger's span is the cache-service's call: " + received);
        assertEquals("CLIENT", call.kind(), "made by its REST client: " + call);
        assertEquals(cache.spanId(), call.parentSpanId(), "within the cache-service's own span: " + received);
    }

    private static Optional<SpanRecord> find(List<SpanRecord> spans, Predicate<SpanRecord> which) {
        return spans.stream().filter(which).findFirst();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros (invalid)
        return HexFormat.of().formatHex(random);
    }

    /** Registers customers (at most 24) until one's wallet is on the given ledger shard; the shard is a hash of the id. */
    private static Customers.Customer onShard(RunningPlatform platform, GatewayClient client, int shard) {
        for (int attempt = 0; attempt < 24; attempt++) {
            Customers.Customer customer = Customers.register(client, "Alice Traced");
            Integer[] found = new Integer[1];
            Await.until("the ledger to project the new wallet", Duration.ofSeconds(30), () -> {
                try {
                    found[0] = LedgerDatabase.shardOf(platform, customer.walletId()).orElse(null);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read the ledger's directory", e);
                }
                return found[0] != null;
            });
            if (found[0] == shard) {
                return customer;
            }
        }
        throw new AssertionError("24 customers and none on ledger shard " + shard + ": is the directory spreading them?");
    }
}
