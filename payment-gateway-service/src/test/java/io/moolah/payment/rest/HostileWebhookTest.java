package io.moolah.payment.rest;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.inbox.RejectedDeliveries;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever arrives on the webhook path: never a 500, never an effect; everything kept. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class HostileWebhookTest {

    @Inject
    EntityManager database;

    @Transactional
    long queued() {
        return ((Number) database.createNativeQuery("select count(*) from webhook_notification where status in ('QUEUED','RETRY','PROCESSED')")
                .getSingleResult()).longValue();
    }

    @Test
    void hostileBodiesAre401Or413AndStoreNothing() {
        long before = queued();
        long storedBefore = newestNotification();
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
        assertEquals(storedBefore, newestNotification(), "nothing a stranger sent was stored");
    }

    @TestHTTPResource("/api/v1/webhooks/peach")
    URI webhook;

    @Transactional
    long newestNotification() {
        return ((Number) database.createNativeQuery("select coalesce(max(id), 0) from webhook_notification").getSingleResult()).longValue();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<Object[]> storedSince(long id) {
        return database.createNativeQuery("select body, body_encoding, status, authentic, content_type from webhook_notification"
                + " where id > ?1 order by id").setParameter(1, id).getResultList();
    }

    private HttpResponse<String> deliver(String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Inject
    RejectedDeliveries rejectedDeliveries;

    /** A delivery as an earlier version stored it: {@code authentic} true or false, received days ago. */
    @Transactional
    long storedDaysAgo(int days, String status, boolean authentic) {
        return ((Number) database.createNativeQuery("insert into webhook_notification (provider, received_at, headers, body, status,"
                + " authentic) values ('PEACH', now() - make_interval(days => ?1), '', 'id=kept', ?2, ?3) returning id")
                .setParameter(1, days).setParameter(2, status).setParameter(3, authentic).getSingleResult()).longValue();
    }

    @Transactional
    boolean kept(long id) {
        return ((Number) database.createNativeQuery("select count(*) from webhook_notification where id = ?1").setParameter(1, id)
                .getSingleResult()).longValue() == 1;
    }

    @Test
    void onlyDeliveriesThatWereNeverAuthenticAreDeletedAfterTheirRetention() {
        long forgedOld = storedDaysAgo(8, "REJECTED", false);
        long forgedRecent = storedDaysAgo(6, "REJECTED", false);
        // Authentic but refused (an amount that differs from the intent): evidence for reconciliation, kept for ever.
        long authenticRejected = storedDaysAgo(30, "REJECTED", true);
        long authenticProcessed = storedDaysAgo(30, "PROCESSED", true);

        rejectedDeliveries.purge(Instant.now());

        assertTrue(!kept(forgedOld), "a forged delivery older than the retention period is deleted");
        assertTrue(kept(forgedRecent), "a younger forged delivery is kept");
        assertTrue(kept(authenticRejected), "an authentic delivery that was refused is never deleted");
        assertTrue(kept(authenticProcessed), "an authentic delivery is never deleted, however old");
    }

    @Test
    void bodiesPostgresTextCannotHoldAre401AndStoreNothing() throws Exception {
        byte[][] bodies = {
                "a=\u0000b&signature=00".getBytes(StandardCharsets.UTF_8),
                {'a', '=', (byte) 0xC3, '(', '&', 's', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '=', '0', '0'},
                {(byte) 0xFF, (byte) 0xFE, 0, 0},
                "a=%00b&signature=00".getBytes(StandardCharsets.UTF_8),
        };
        for (byte[] body : bodies) {
            long before = newestNotification();
            HttpResponse<String> answer = deliver("application/x-www-form-urlencoded", body);
            assertEquals(401, answer.statusCode(), answer.body());
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
            assertTrue(answer.body().contains("NOTIFICATION_NOT_AUTHENTIC"), answer.body());
            assertEquals(List.of(), storedSince(before), "nothing stored");
        }
    }

    /** Vert.x refuses a NUL in a header (400) before the service sees it; were one to get through, it is 401, not stored. */
    @Test
    void aNulInAHeaderIsNeverA500() throws Exception {
        long before = newestNotification();
        String body = "a=b&signature=00";
        String request = "POST " + webhook.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\u0000\r\nX-Authentication-Tag: 00\u000000\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        String statusLine;
        try (Socket socket = new Socket(webhook.getHost(), webhook.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            statusLine = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
        }
        assertTrue(statusLine.startsWith("HTTP/1.1 4"), statusLine);
        assertEquals(List.of(), storedSince(before), "nothing stored");
    }

    @Test
    void webhooksNeedNoTokenButTopUpsDo() {
        given().contentType("application/json").body("{}").post("/api/v1/topups").then().statusCode(401);
    }
}
