package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.testing.FreshCodes;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Customers as the system tests make them: registered and logged in through the gateway, their wallet open in the ledger. */
public final class Customers {
    static final String PIN = "80426";

    record Customer(String phone, String walletId, String token) {
    }

    private Customers() {
    }

    /** Registers and logs in; returns once the ledger has opened the wallet (it learns of it from account.events). */
    static Customer register(GatewayClient client, String fullName) {
        String phone = AccountsSystemTest.newPhoneNumber();
        var registered = client.post("/auth/register", Map.of("phoneNumber", phone, "fullName", fullName, "pin", PIN));
        assertEquals(201, registered.status(), registered.body());
        String walletId = registered.json().get("walletId").asText();
        String token = login(client, phone, PIN);
        Await.until("the ledger to know wallet " + walletId, Duration.ofSeconds(30),
                () -> client.get("/wallets/" + walletId + "/balance", token).status() == 200);
        return new Customer(phone, walletId, token);
    }

    static String login(GatewayClient client, String phone, String pin) {
        var login = client.post("/auth/login", Map.of("phoneNumber", phone, "pin", pin));
        assertEquals(200, login.status(), login.body());
        return login.json().get("accessToken").asText();
    }

    public static String operatorToken(GatewayClient client, RunningPlatform platform) {
        return operatorToken(client, platform, 0);
    }

    private static final Map<UUID, String> OPERATOR_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The token of the run's operator {@code index} (0 or 1), signed in once through the gateway with passphrase and
     * one-time code and kept: a code works once, and tokens last 15 minutes, longer than the system tests.
     */
    static String operatorToken(GatewayClient client, RunningPlatform platform, int index) {
        OperatorCredentials operator = platform.operators().get(index);
        return OPERATOR_TOKENS.computeIfAbsent(operator.id(), id -> signIn(client, operator));
    }

    static String signIn(GatewayClient client, OperatorCredentials operator) {
        var signedIn = client.post("/admin/auth/login", Map.of("operatorId", operator.id().toString(),
                "passphrase", operator.passphrase(), "otp", FreshCodes.next(operator)));
        assertEquals(200, signedIn.status(), signedIn.body());
        return signedIn.json().get("accessToken").asText();
    }

    /** Tops a wallet up by operator adjustment. */
    static void fund(GatewayClient client, RunningPlatform platform, Customer who, long amount) {
        var funded = client.send("POST", "/admin/adjustments", GatewayClient.json(Map.of("walletId", who.walletId(),
                        "amount", amount, "currency", "ZAR", "reason", "test float")),
                Map.of("Authorization", "Bearer " + operatorToken(client, platform), "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, funded.status(), funded.body());
    }
}
