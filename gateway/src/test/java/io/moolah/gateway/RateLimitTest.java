package io.moolah.gateway;

import org.junit.jupiter.api.BeforeEach;
import io.moolah.gateway.server.PublicServer;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static io.moolah.gateway.GatewayRequests.anonymous;
import static io.moolah.gateway.GatewayRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token buckets in Redis, with limits small enough to reach: 3 reads then 429, writes and other customers unaffected. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class RateLimitTest {
    static final String PREFIX = "moolah:test-ratelimit:";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("moolah.gateway.rate-limits.key-prefix", PREFIX,
                    "moolah.gateway.rate-limits.customer-read.rate", "0.1",
                    "moolah.gateway.rate-limits.customer-read.burst", "3",
                    "moolah.gateway.rate-limits.address-auth.rate", "0.1",
                    "moolah.gateway.rate-limits.address-auth.burst", "2",
                    "moolah.gateway.rate-limits.address-webhook.rate", "0.1",
                    "moolah.gateway.rate-limits.address-webhook.burst", "100");
        }
    }

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aCustomerPastTheirReadBurstGets429WithRetryAfter() {
        UUID wallet = UUID.randomUUID();
        String token = TestTokens.customer(UUID.randomUUID(), wallet);
        for (int remaining = 2; remaining >= 0; remaining--) {
            as(gateway, token).get("/api/v1/me").then().statusCode(201)
                    .header("RateLimit-Policy", "\"customer-read\";q=3;w=30")
                    .header("RateLimit", org.hamcrest.Matchers.startsWith("\"customer-read\";r=" + remaining + ";"));
        }
        as(gateway, token).get("/api/v1/me").then().statusCode(429)
                .header("X-Moolah-Service", "gateway")
                .header("Retry-After", equalTo("10"))
                .contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"));
        // Money keeps moving: writes draw from another bucket.
        as(gateway, token).header("Idempotency-Key", UUID.randomUUID().toString()).contentType("application/json")
                .body("{\"amount\":1}").post("/api/v1/transfers").then().statusCode(201);
        // Someone else is not affected.
        as(gateway, TestTokens.customer(UUID.randomUUID(), wallet)).get("/api/v1/me").then().statusCode(201);
        // The buckets are in Redis, where every gateway replica finds them.
        assertFalse(redis.key().keys(PREFIX + "read:*").isEmpty(), "read buckets are kept in Redis");
    }

    @Test
    void leasedTokensNeverAdmitMoreThanTheSharedBucketHolds() {
        // A burst of 100 is leased 5 tokens at a time: 20 Redis calls, then refusals, and never more than 100 (+1 refill).
        int allowed = 0;
        int refused = 0;
        for (int i = 0; i < 110; i++) {
            int status = anonymous(gateway).contentType("application/json").body("{\"id\":" + i + "}")
                    .post("/api/v1/webhooks/zapper").then().extract().statusCode();
            allowed += status == 201 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        assertTrue(allowed >= 90 && allowed <= 101, "never more than the bucket (a lease that lapses unspent admits fewer): " + allowed);
        assertTrue(refused >= 9, "refused " + refused);
    }

    @Test
    void loginAttemptsFromOneAddressAreLimited() {
        int refused = 0;
        for (int i = 0; i < 4; i++) {
            int status = anonymous(gateway).contentType("application/json").body("{\"phoneNumber\":\"0821234567\",\"pin\":\"00000\"}")
                    .post("/api/v1/auth/login").then().extract().statusCode();
            refused += status == 429 ? 1 : 0;
        }
        assertTrue(refused >= 2, "a burst of 2 logins, then 429: " + refused + " refused");
    }
}
