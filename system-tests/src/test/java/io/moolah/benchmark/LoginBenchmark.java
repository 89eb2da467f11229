package io.moolah.benchmark;

import io.moolah.localstack.Platform;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Tag;
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

/**
 * Login throughput and latency, through the gateway and straight to the account-service, side by side in one run.
 * Each login verifies an Argon2id hash (m=19456 KiB, t=2, p=1), which is the deliberate cost being measured.
 *
 * <p>Run on purpose: {@code mvn -DskipTests install && mvn -pl system-tests verify -Pbenchmark -Dbenchmark.test=LoginBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PlatformExtension.class)
class LoginBenchmark {
    private static final String PIN = "80426";
    private static final int CUSTOMERS = 16;
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 15));
    private static final long MAX_REQUESTS = 100_000;

    @Test
    void loginThroughputAndLatency(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String phone = String.format("+27840%06d", i + 1000L * (System.nanoTime() % 900));
            if (gateway.post("/auth/register", Map.of("phoneNumber", phone, "fullName", "Bench Mark", "pin", PIN)).status() == 201) {
                phones.add(phone);
            }
        }
        HttpClient direct = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String directUrl = "http://127.0.0.1:" + platform.platform().ports().account() + "/api/v1/auth/login";

        System.out.println("\n== Login benchmark: Argon2id m=19456 KiB t=2 p=1, " + phones.size() + " customers, "
                + Runtime.getRuntime().availableProcessors() + " cores, warm-up " + WARM_UP.toSeconds() + " s, measure "
                + MEASURE.toSeconds() + " s per row ==");
        for (int concurrency : new int[]{1, 4, 16}) {
            LoadRun.Result viaGateway = LoadRun.run("login via gateway (HTTPS, HTTP/2)", concurrency, WARM_UP, MEASURE, MAX_REQUESTS,
                    worker -> gateway.post("/auth/login", Map.of("phoneNumber", phones.get(worker % phones.size()), "pin", PIN)).status() == 200);
            System.out.println(viaGateway.line());
            LoadRun.Result straight = LoadRun.run("login direct (HTTP/1.1)", concurrency, WARM_UP, MEASURE, MAX_REQUESTS,
                    worker -> post(direct, directUrl, phones.get(worker % phones.size())));
            System.out.println(straight.line());
        }
        System.out.println("account-service resident memory after the run: "
                + residentMemory(platform.platform().service(Platform.ACCOUNT).pid()) + "\n");
    }

    private static boolean post(HttpClient client, String url, String phone) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"" + phone + "\",\"pin\":\"" + PIN + "\"}"))
                            .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static String residentMemory(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return (Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024) + " MiB";
            }
        }
        return "?";
    }
}
