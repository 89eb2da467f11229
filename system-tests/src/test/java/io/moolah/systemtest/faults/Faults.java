package io.moolah.systemtest.faults;

import io.moolah.localstack.Platform;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults the suite injects, one at a time, while the load runs. Each fault returns once it is lifted (a killed
 * process is left to the supervisor, as Kubernetes would restart it; a stopped server is started again; a provider
 * fault is cleared): recovery is measured from then.
 */
final class Faults {
    /** A fault: its name in the report and what it does. */
    record Fault(String name, Injection injection) {
    }

    interface Injection {
        void run() throws Exception;
    }

    static final Duration REDIS_DOWN = Duration.ofSeconds(30);
    private static final Duration PROVIDER_FAULT = Duration.ofSeconds(12);

    private Faults() {
    }

    static List<Fault> all(RunningPlatform platform, Path postgresData, MixedLoad load) {
        List<Fault> faults = new ArrayList<>();
        for (String service : List.of(Platform.GATEWAY, Platform.ACCOUNT, Platform.TRANSACTION, Platform.PAYMENT, Platform.CACHE)) {
            faults.add(new Fault("kill -9 " + service, () -> platform.platform().service(service).kill()));
        }
        faults.add(new Fault("kill -9 postgresql", () -> killPostgres(postgresData)));
        faults.add(new Fault("restart kafka", () -> {
            platform.infrastructure().kafka().stop();
            Thread.sleep(2_000);
            platform.infrastructure().kafka().start();
        }));
        faults.add(new Fault("stop redis " + REDIS_DOWN.toSeconds() + " s", () -> {
            platform.infrastructure().redis().stop();
            Thread.sleep(REDIS_DOWN.toMillis());
            platform.infrastructure().redis().start();
        }));
        faults.add(new Fault("peach 5xx and time-outs", () -> {
            String peach = platform.platform().peach().baseUrl();
            // Checkout creation and status queries fail, then answer later than the payment service waits (5 s).
            peachFaults(peach, "{\"checkoutFailures\":4,\"statusFailures\":8}");
            Thread.sleep(PROVIDER_FAULT.toMillis() / 2);
            peachFaults(peach, "{\"checkoutDelayMs\":6000,\"statusDelayMs\":6000}");
            Thread.sleep(PROVIDER_FAULT.toMillis() / 2);
            peachFaults(peach, "{}");
        }));
        faults.add(new Fault("zapper 5xx and time-outs", () -> {
            load.mode(MixedLoad.ProviderMode.ZAPPER_FAULTS);
            Thread.sleep(PROVIDER_FAULT.toMillis());
            load.mode(MixedLoad.ProviderMode.NORMAL);
        }));
        faults.add(new Fault("webhooks twice, out of order, lost", () -> {
            load.mode(MixedLoad.ProviderMode.WEBHOOK_FAULTS);
            Thread.sleep(PROVIDER_FAULT.toMillis());
            load.mode(MixedLoad.ProviderMode.NORMAL);
        }));
        return faults;
    }

    /** SIGKILL to the postmaster: no shutdown checkpoint; what was committed must come back from the write-ahead log. */
    private static void killPostgres(Path postgresData) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no PostgreSQL process " + pid)).destroyForcibly();
    }

    private static void peachFaults(String peach, String faults) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(peach + "/__sim/peach/faults"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(faults)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the Peach simulator refused " + faults + ": " + response.body());
        }
    }
}
