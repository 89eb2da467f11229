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

/**
 * Provider notifications: public paths, authenticated by the provider's signature or encryption (not a JWT). The raw
 * body is stored first, then judged; the answer is quick (200, or 401 for what Peach did not send) and the work is
 * done by the inbox processor.
 */
@Path("/api/v1/webhooks")
public class WebhookResource {
    /** Larger notifications are refused before they are stored (the gateway allows 64 KiB). */
    static final int MAX_BYTES = 65_536;

    @Inject
    WebhookInbox inbox;

    @Inject
    PeachNotifications peach;

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
        String headers = (initializationVector == null ? "" : NotificationCipher.IV_HEADER + ": " + initializationVector + "\n")
                + (authenticationTag == null ? "" : NotificationCipher.TAG_HEADER + ": " + authenticationTag + "\n");
        long id = inbox.store("PEACH", contentType, headers, body);
        PeachNotifications.Reading reading = peach.read(contentType, initializationVector, authenticationTag, body.text());
        WebhookInbox.Verdict verdict;
        try {
            verdict = inbox.judge(id, reading);
        } catch (RuntimeException raceOnTheKey) {
            inbox.duplicate(id);
            verdict = WebhookInbox.Verdict.DUPLICATE;
        }
        if (verdict == WebhookInbox.Verdict.NOT_AUTHENTIC) {
            throw new ProblemException(401, "NOTIFICATION_NOT_AUTHENTIC", "Unauthenticated",
                    "The notification's signature or encryption does not check out.");
        }
        return Response.ok(Map.of("received", true)).build();
    }
}
