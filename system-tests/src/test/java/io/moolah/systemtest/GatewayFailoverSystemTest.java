package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.Ports;
import io.moolah.localstack.ServiceProcess;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.Customers.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two transaction-service instances behind a gateway; one is killed (SIGKILL) in the middle of a stream of transfers,
 * each with its own Idempotency-Key. No client sees a failure, and every key moved money exactly once.
 */
@ExtendWith(PlatformExtension.class)
class GatewayFailoverSystemTest {
    private static final int SENDERS = 4;
    private static final int TRANSFERS_PER_SENDER = 40;
    private static final long AMOUNT = 10;

    @Test
    void killingOneOfTwoInstancesMidStreamFailsNoKeyedRequest(RunningPlatform platform) throws Exception {
        Path runDirectory = Files.createTempDirectory("failover");
        int secondPort = Ports.free();
        var ports = platform.platform().ports();
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<Customer[]> pairs = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            Customer from = Customers.register(client, "Fail Over");
            Customer to = Customers.register(client, "Fail Over");
            Customers.fund(client, platform, from, 100_000);
            pairs.add(new Customer[]{from, to});
        }
        try (ServiceProcess second = ExtraProcesses.transactionService("transaction-service-2", platform, runDirectory, secondPort);
             ExtraProcesses.ExtraGateway gateway = ExtraProcesses.gateway("gateway-failover", platform, runDirectory, Map.of(
                     "MOOLAH_GATEWAY_UPSTREAMS_TRANSACTION_URLS",
                     ExtraProcesses.local(ports.transaction()) + "," + ExtraProcesses.local(secondPort)))) {
            second.awaitReady(Duration.ofSeconds(90));
            gateway.process().awaitReady(Duration.ofSeconds(90));
            GatewayClient twoLedgers = gateway.client();

            AtomicInteger sent = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<Integer>> posted = new ArrayList<>();
            for (Customer[] pair : pairs) {
                posted.add(senders.submit(() -> send(twoLedgers, pair, sent, failures)));
            }
            Await.until("a third of the transfers to be sent", Duration.ofSeconds(60), () -> sent.get() >= SENDERS * TRANSFERS_PER_SENDER / 3);
            double servedBySecond = transfersServed(secondPort);
            second.kill();
            senders.shutdown();
            int total = 0;
            for (Future<Integer> each : posted) {
                total += each.get(120, TimeUnit.SECONDS);
            }

            assertTrue(servedBySecond >= 5, "the second instance had its share before it died: " + servedBySecond);
            assertTrue(failures.isEmpty(), "client-visible failures: " + failures);
            assertEquals(SENDERS * TRANSFERS_PER_SENDER, total);
            for (Customer[] pair : pairs) {
                long expected = AMOUNT * TRANSFERS_PER_SENDER;
                Await.until("each key to have moved money once for " + pair[1].walletId(), Duration.ofSeconds(30), () ->
                        client.get("/wallets/" + pair[1].walletId() + "/balance", pair[1].token()).json().get("ledgerBalance").asLong() == expected);
                // The sender's event may come in another poll than the receiver's (wallets are keys on different partitions).
                Await.until("the sender to show the same transfers, " + pair[0].walletId(), Duration.ofSeconds(30), () ->
                        client.get("/wallets/" + pair[0].walletId() + "/balance", pair[0].token()).json().get("ledgerBalance").asLong()
                                == 100_000 - expected);
            }

            // History pages are large enough to be worth compressing, and are when asked.
            var history = twoLedgers.send("GET", "/wallets/" + pairs.get(0)[0].walletId() + "/transactions?limit=40", null,
                    Map.of("Authorization", "Bearer " + pairs.get(0)[0].token(), "Accept-Encoding", "gzip"));
            assertEquals(200, history.status());
            assertEquals("gzip", history.header("Content-Encoding"));
        }
    }

    /** Sends one sender's transfers, each with a fresh key; returns how many were posted (201). */
    private static int send(GatewayClient gateway, Customer[] pair, AtomicInteger sent, ConcurrentLinkedQueue<String> failures) {
        int posted = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int i = 0; i < TRANSFERS_PER_SENDER && System.nanoTime() < deadline; i++) {
            String key = UUID.randomUUID().toString();
            try {
                var reply = gateway.send("POST", "/transfers", GatewayClient.json(Map.of("fromWalletId", pair[0].walletId(),
                        "toWalletId", pair[1].walletId(), "amount", AMOUNT, "currency", "ZAR")), Map.of(
                        "Authorization", "Bearer " + pair[0].token(), "Idempotency-Key", key));
                if (reply.status() == 201) {
                    posted++;
                } else {
                    failures.add(reply.status() + " " + reply.body());
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
            sent.incrementAndGet();
        }
        return posted;
    }

    /** Transfers an instance has answered with 201, from its own metrics. */
    private static double transfersServed(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        double served = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count") && line.contains("uri=\"/api/v1/transfers\"")
                    && line.contains("status=\"201\"")) {
                served += io.moolah.localstack.PrometheusText.value(line);
            }
        }
        return served;
    }
}
