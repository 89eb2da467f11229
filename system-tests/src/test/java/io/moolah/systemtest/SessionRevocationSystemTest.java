package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A revoked session's access tokens are refused at the gateway at once (within a second), not after their 15 minutes:
 * after a logout, and after a refresh token is used twice (a stolen copy).
 */
@ExtendWith(PlatformExtension.class)
class SessionRevocationSystemTest {

    @Test
    void logoutAndRefreshTokenReuseEndTheSessionsAccessTokens(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        String phone = AccountsSystemTest.newPhoneNumber();
        assertEquals(201, client.post("/auth/register", Map.of("phoneNumber", phone, "fullName", "Zanele Mthembu",
                "pin", Customers.PIN)).status());

        var first = client.post("/auth/login", Map.of("phoneNumber", phone, "pin", Customers.PIN));
        String access = first.json().get("accessToken").asText();
        assertEquals(200, client.get("/me", access).status());
        assertEquals(204, client.post("/auth/logout", Map.of("refreshToken", first.json().get("refreshToken").asText()), access).status());
        Await.until("the logged-out session's token to be refused", Duration.ofSeconds(5),
                () -> client.get("/me", access).status() == 401);
        assertEquals("TOKEN_REVOKED", client.get("/me", access).json().get("code").asText());

        var second = client.post("/auth/login", Map.of("phoneNumber", phone, "pin", Customers.PIN));
        String stolen = second.json().get("refreshToken").asText();
        var refreshed = client.post("/auth/refresh", Map.of("refreshToken", stolen));
        assertEquals(200, refreshed.status(), refreshed.body());
        String newer = refreshed.json().get("accessToken").asText();
        assertEquals(200, client.get("/me", newer).status());
        assertEquals(401, client.post("/auth/refresh", Map.of("refreshToken", stolen)).status(), "the reuse is caught");
        Await.until("every token of the reused session to be refused", Duration.ofSeconds(5),
                () -> client.get("/me", newer).status() == 401 && client.get("/me", second.json().get("accessToken").asText()).status() == 401);
    }
}
