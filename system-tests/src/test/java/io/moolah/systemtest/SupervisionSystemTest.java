package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.Platform;
import io.moolah.localstack.ServiceProcess;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.Customers.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack heals itself as Kubernetes would: a service killed with SIGKILL is started again and serves. */
@ExtendWith(PlatformExtension.class)
class SupervisionSystemTest {

    @Test
    void aKilledServiceIsRestartedWithALineOnTheConsoleAndInItsLog(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer customer = Customers.register(client, "Thabo Nkosi");
        List<String> console = new CopyOnWriteArrayList<>();
        Platform running = platform.platform();
        running.supervise(console::add);
        try {
            ServiceProcess cache = running.service(Platform.CACHE);
            long before = cache.pid();
            cache.kill();
            Await.until("the cache-service to be restarted", Duration.ofSeconds(30), () -> cache.restarts() == 1 && cache.isAlive());
            cache.awaitReady(Duration.ofSeconds(120));
            assertNotEquals(before, cache.pid());
            assertTrue(console.stream().anyMatch(line -> line.startsWith("cache-service stopped; restarted it (restart 1")), console.toString());
            assertTrue(Files.readString(cache.log()).contains("cache-service exited with"), "the restart is in the service's log");
            Await.until("balance reads through the restarted cache", Duration.ofSeconds(30),
                    () -> client.get("/wallets/" + customer.walletId() + "/balance", customer.token()).status() == 200);
            assertEquals(1, cache.restarts());
        } finally {
            running.unsupervise();
        }
    }
}
