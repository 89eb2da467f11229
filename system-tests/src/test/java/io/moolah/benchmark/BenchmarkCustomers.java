package io.moolah.benchmark;

import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The customers a benchmark works with: registered and logged in through the gateway, wallets open and funded. */
final class BenchmarkCustomers {
    static final String PIN = "80426";

    record Customer(String walletId, String token) {
    }

    private BenchmarkCustomers() {
    }

    /**
     * Registers up to {@code count} customers with phone numbers {@code +27<series><random 3 digits><index>}, waits
     * until the ledger has opened each wallet, and funds it with {@code amount} cents by operator adjustment.
     */
    static List<Customer> registerAndFund(GatewayClient gateway, RunningPlatform platform, int count, String series,
                                          String fullName, long amount) {
        String operator = io.moolah.systemtest.Customers.operatorToken(gateway, platform);
        List<Customer> customers = new ArrayList<>();
        long prefix = System.nanoTime() % 900;
        for (int i = 0; i < count; i++) {
            String phone = String.format("+27%s%03d%03d", series, prefix, i);
            var registered = gateway.post("/auth/register", Map.of("phoneNumber", phone, "fullName", fullName, "pin", PIN));
            if (registered.status() == 201) {
                customers.add(new Customer(registered.json().get("walletId").asText(), login(gateway, phone, PIN)));
            }
        }
        for (Customer customer : customers) {
            Await.until("the ledger to open " + customer.walletId(), Duration.ofSeconds(60),
                    () -> gateway.get("/wallets/" + customer.walletId() + "/balance", customer.token()).status() == 200);
            var funded = gateway.send("POST", "/admin/adjustments", GatewayClient.json(Map.of("walletId", customer.walletId(),
                    "amount", amount, "currency", "ZAR", "reason", "benchmark float")), Map.of("Authorization", "Bearer " + operator,
                    "Idempotency-Key", UUID.randomUUID().toString()));
            if (funded.status() != 201) {
                throw new IllegalStateException("funding failed: " + funded.body());
            }
        }
        return customers;
    }

    static String login(GatewayClient gateway, String phone, String pin) {
        return gateway.post("/auth/login", Map.of("phoneNumber", phone, "pin", pin)).json().get("accessToken").asText();
    }
}
