package io.moolah.payment.rest;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.PeachSimulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whatever arrives on the webhook path: never a 500, never an effect; everything kept. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeachSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class HostileWebhookTest {

    @Inject
    EntityManager database;

    @Transactional
    long queued() {
        return ((Number) database.createNativeQuery("select count(*) from webhook_notification where status in ('QUEUED','RETRY','PROCESSED')")
                .getSingleResult()).longValue();
    }

    @Test
    void hostileBodiesAre401Or413AndQueueNothing() {
        long before = queued();
        String form = "id=8ac7a4a1&checkoutId=abc&merchantTransactionId=abcdefgh12345678&amount=100.00&currency=ZAR"
                + "&result.code=000.100.110&signature=" + "0".repeat(64);
        // Wrong signature, truncated (signature cut off), no signature at all.
        given().contentType("application/x-www-form-urlencoded").body(form).post("/api/v1/webhooks/peach").then()
                .statusCode(401).contentType("application/problem+json").body("code", equalTo("NOTIFICATION_NOT_AUTHENTIC"));
        given().contentType("application/x-www-form-urlencoded").body(form.substring(0, 40)).post("/api/v1/webhooks/peach").then()
                .statusCode(401);
        // Badly encoded form, JSON without encryption, XML, empty.
        given().contentType("application/x-www-form-urlencoded").body("a=%zz&signature=%").post("/api/v1/webhooks/peach").then()
                .statusCode(401);
        given().contentType("application/json").body("{\"result\":{\"code\":\"000.100.110\"}}").post("/api/v1/webhooks/peach").then()
                .statusCode(401);
        given().contentType("application/xml").body("<x/>").post("/api/v1/webhooks/peach").then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded").post("/api/v1/webhooks/peach").then().statusCode(401);
        // Encrypted: wrong tag, IV of the wrong length, body not hex, tag without IV.
        given().contentType("text/plain").header("X-Initialization-Vector", "000000000000000000000000")
                .header("X-Authentication-Tag", "CE573FB7A41AB78E743180DC83FF09BD").body("0A3471C72D9BE49A8520F79C66BBD9A12FF9")
                .post("/api/v1/webhooks/peach").then().statusCode(401);
        given().contentType("text/plain").header("X-Initialization-Vector", "00").header("X-Authentication-Tag", "00")
                .body("zz").post("/api/v1/webhooks/peach").then().statusCode(401);
        given().contentType("text/plain").header("X-Authentication-Tag", "CE573FB7A41AB78E743180DC83FF09BD").body("0A34")
                .post("/api/v1/webhooks/peach").then().statusCode(401);
        // Huge.
        given().contentType("application/x-www-form-urlencoded").body("id=" + "a".repeat(70_000)).post("/api/v1/webhooks/peach").then()
                .statusCode(413);
        assertEquals(before, queued(), "nothing hostile was queued for processing");
    }

    @Test
    void webhooksNeedNoTokenButTopUpsDo() {
        given().contentType("application/json").body("{}").post("/api/v1/topups").then().statusCode(401);
    }
}
