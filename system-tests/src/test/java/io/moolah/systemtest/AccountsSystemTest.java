package io.moolah.systemtest;

import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.localstack.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Customers and sessions through the gateway, as an app would use them (issue: accounts and identity). */
@ExtendWith(PlatformExtension.class)
class AccountsSystemTest {
    private static final String PIN = "80426";
    private GatewayClient client;

    @BeforeEach
    void connect(RunningPlatform platform) {
        client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
    }

    @Test
    void registerLogInReadMeRefreshAndCatchARefreshTokenReuse() {
        String phone = newPhoneNumber();
        var registered = client.post("/auth/register", Map.of("phoneNumber", "0" + phone.substring(3),
                "fullName", "Thandi Nkosi", "pin", PIN));
        assertEquals(201, registered.status(), registered.body());
        String walletId = registered.json().get("walletId").asText();

        var login = client.post("/auth/login", Map.of("phoneNumber", phone, "pin", PIN));
        assertEquals(200, login.status(), login.body());
        String access = login.json().get("accessToken").asText();
        String firstRefresh = login.json().get("refreshToken").asText();

        var me = client.get("/me", access);
        assertEquals(200, me.status(), me.body());
        assertEquals(phone, me.json().get("phoneNumber").asText());
        assertEquals(0, me.json().get("kycTier").asInt());
        assertEquals(walletId, me.json().get("wallets").get(0).get("walletId").asText());
        assertTrue(me.json().get("limits").get("dailySend").asLong() > 0);

        var refreshed = client.post("/auth/refresh", Map.of("refreshToken", firstRefresh));
        assertEquals(200, refreshed.status(), refreshed.body());
        String secondRefresh = refreshed.json().get("refreshToken").asText();
        assertNotEquals(firstRefresh, secondRefresh);
        assertEquals(200, client.get("/me", refreshed.json().get("accessToken").asText()).status());

        var reuse = client.post("/auth/refresh", Map.of("refreshToken", firstRefresh));
        assertEquals(401, reuse.status());
        assertEquals("REFRESH_TOKEN_REUSED", reuse.json().get("code").asText());
        var afterRevocation = client.post("/auth/refresh", Map.of("refreshToken", secondRefresh));
        assertEquals(401, afterRevocation.status(), "the reuse revoked the whole session");
    }

    @Test
    void wrongPinsInARowSlowTheNextTryWithRetryAfter() {
        String phone = newPhoneNumber();
        assertEquals(201, client.post("/auth/register", Map.of("phoneNumber", phone, "fullName", "Sipho Dlamini", "pin", PIN)).status());
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertEquals(401, client.post("/auth/login", Map.of("phoneNumber", phone, "pin", "13579")).status());
        }
        var delayed = client.post("/auth/login", Map.of("phoneNumber", phone, "pin", PIN));
        assertEquals(429, delayed.status(), delayed.body());
        assertEquals("TOO_MANY_ATTEMPTS", delayed.json().get("code").asText());
        assertNotNull(delayed.header("Retry-After"));
        // A delay, not a lock: after it, the right PIN gets in (bounded wait: Retry-After is a second or two here).
        io.moolah.localstack.Await.until("the right PIN to be taken after the delay", java.time.Duration.ofSeconds(10),
                () -> client.post("/auth/login", Map.of("phoneNumber", phone, "pin", PIN)).status() == 200);
    }

    @Test
    void anOperatorFreezesAWalletAndTheNewStatusIsOnAccountEvents(RunningPlatform platform) {
        String phone = newPhoneNumber();
        var registered = client.post("/auth/register", Map.of("phoneNumber", phone, "fullName", "Lerato Mokoena", "pin", PIN));
        String walletId = registered.json().get("walletId").asText();
        String customerToken = client.post("/auth/login", Map.of("phoneNumber", phone, "pin", PIN)).json().get("accessToken").asText();
        String operatorToken = Customers.operatorToken(client, platform);

        var byCustomer = client.post("/admin/wallets/" + walletId + "/freeze", Map.of("reason", "mine"), customerToken);
        assertEquals(403, byCustomer.status(), "a customer cannot reach operator endpoints");

        var frozen = client.post("/admin/wallets/" + walletId + "/freeze", Map.of("reason", "chargeback investigation"), operatorToken);
        assertEquals(200, frozen.status(), frozen.body());
        assertEquals("FROZEN", frozen.json().get("status").asText());

        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(platform.kafkaBootstrapServers(),
                "account.events", r -> walletId.equals(r.key()) && r.value().contains("WalletStatusChanged"),
                Duration.ofSeconds(60));
        ConsumerRecord<String, String> event = records.get(records.size() - 1);
        assertEquals(walletId, event.key());
        assertTrue(event.value().contains("\"status\":\"FROZEN\""), event.value());
        assertTrue(event.value().contains("\"previousStatus\":\"ACTIVE\""), event.value());
        assertTrue(records.stream().anyMatch(r -> walletId.equals(r.key()) && r.value().contains("WalletOpened")),
                "the wallet's opening is on the topic too, before its status change");
    }

    @Test
    void hostileInputThroughTheGatewayIsA4xxProblem() {
        Map<String, Integer> cases = Map.of(
                "{\"phoneNumber\":", 400,
                "{\"phoneNumber\":\"0821234567\",\"fullName\":\"A B\",\"pin\":\"11111\"}", 422,
                "{\"phoneNumber\":\"+447911123456\",\"fullName\":\"A B\",\"pin\":\"80426\"}", 422,
                "{\"phoneNumber\":\"0821234567\",\"fullName\":\"A B\",\"pin\":\"80426\",\"role\":\"OPERATOR\"}", 400);
        cases.forEach((body, status) -> {
            var reply = client.post("/auth/register", body);
            assertEquals(status, reply.status(), body + " -> " + reply.body());
            assertEquals("application/problem+json", reply.header("Content-Type"));
            assertNotNull(reply.json().get("code"));
        });
        var expired = client.get("/me", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        assertEquals(401, expired.status());
    }

    static String newPhoneNumber() {
        while (true) {
            String phone = "+2783" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            if (!phone.contains(PIN)) {
                return phone;
            }
        }
    }
}
