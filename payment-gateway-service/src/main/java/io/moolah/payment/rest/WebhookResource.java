package io.moolah.payment.rest;

import io.moolah.payment.inbox.ReceivedBody;
import io.moolah.payment.inbox.WebhookInbox;
import io.moolah.payment.peach.NotificationCipher;
import io.moolah.payment.peach.PeachNotifications;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * Provider notifications: public paths, authenticated by the provider's signature or encryption (not a JWT). A
 * delivery is checked first and stored only when authentic; the answer is quick (200 once stored, 401 for what Peach
 * did not send, 503 when it could not be stored so Peach delivers again) and the work is done by the inbox processor.
 */
@Path("/api/v1/webhooks")
public class WebhookResource {
    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    /** Larger notifications are refused before they are stored (the gateway allows 64 KiB). */
    static final int MAX_BYTES = 65_536;

    @Inject
    WebhookInbox inbox;

    @Inject
    PeachNotifications peach;

    private final Counter rejected;

    @Inject
    WebhookResource(MeterRegistry registry) {
        rejected = Counter.builder("moolah.webhooks.rejected").tag("provider", "PEACH")
                .description("Deliveries to the public webhook path that were not authentic (not stored)").register(registry);
    }

    @POST
    @Path("/peach")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response peach(@HeaderParam("Content-Type") String contentType,
                          @HeaderParam(NotificationCipher.IV_HEADER) String initializationVector,
                          @HeaderParam(NotificationCipher.TAG_HEADER) String authenticationTag,
                          byte[] raw) {
        if (raw != null && raw.length > MAX_BYTES) {
            throw new ProblemException(413, "PAYLOAD_TOO_LARGE", "Payload too large", "A notification may be at most 64 KiB.");
        }
        ReceivedBody body = ReceivedBody.of(raw);
        PeachNotifications.Reading reading = peach.read(contentType, initializationVector, authenticationTag, body.text());
        if (!reading.authentic()) {
            // Nothing is stored for a stranger: the path is public, and only what Peach sent is evidence.
            rejected.increment();
            LOG.debugf("Peach notification refused: %s", reading.rejection());
            throw new ProblemException(401, "NOTIFICATION_NOT_AUTHENTIC", "Unauthenticated",
                    "The notification's signature or encryption does not check out.");
        }
        String headers = (initializationVector == null ? "" : NotificationCipher.IV_HEADER + ": " + initializationVector + "\n")
                + (authenticationTag == null ? "" : NotificationCipher.TAG_HEADER + ": " + authenticationTag + "\n");
        try {
            inbox.accept("PEACH", contentType, headers, body, reading.notification());
        } catch (RuntimeException e) {
            // Not stored: Peach must deliver it again, so the answer is a 5xx, never a 200.
            LOG.errorf("an authentic Peach notification could not be stored: %s", e.toString());
            throw ProblemException.unavailable("INBOX_UNAVAILABLE", "The notification could not be stored; deliver it again.", 5);
        }
        return Response.ok(Map.of("received", true)).build();
    }
}
