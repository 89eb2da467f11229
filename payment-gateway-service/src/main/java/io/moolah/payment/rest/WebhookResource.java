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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "Webhooks")
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
    @Operation(operationId = "receivePeachNotification",
            summary = "Peach Payments' notification of a payment (for Peach only; authenticated by its signature or "
                    + "encryption, not by a token)")
    @RequestBody(required = true, description = "The provider's notification exactly as Peach sends it, at most 64 KiB; its "
            + "fields are Peach's, not this API's (docs/providers/peach.md). Either a checkout notification, a form signed "
            + "with the Checkout secret token (its signature field), or a server-to-server notification: hex AES-256-GCM "
            + "ciphertext of Peach's JSON, with the X-Initialization-Vector and X-Authentication-Tag headers.",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT,
                            description = "Free-form: Peach's signed checkout notification fields (amount, currency, "
                                    + "merchantTransactionId, checkoutId, paymentType, result.code, signature...).")),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING,
                            description = "Free-form: Peach's encrypted notification, hexadecimal."))})
    @APIResponse(responseCode = "200", description = "Authentic, and stored (also when Peach delivered it before); it is "
            + "processed from the inbox.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "received",
                    properties = @SchemaProperty(name = "received", type = SchemaType.BOOLEAN, constValue = "true"))))
    @APIResponse(responseCode = "401", description = "Not sent by Peach: the signature or encryption does not check out. "
            + "Nothing is stored.",
            extensions = @Extension(name = "x-problem-codes", value = "NOTIFICATION_NOT_AUTHENTIC"))
    @APIResponse(responseCode = "413", description = "The notification is over 64 KiB; nothing is stored.",
            extensions = @Extension(name = "x-problem-codes", value = "PAYLOAD_TOO_LARGE"))
    @APIResponse(responseCode = "503", description = "Authentic, but it could not be stored: deliver it again (Retry-After).",
            extensions = @Extension(name = "x-problem-codes", value = "INBOX_UNAVAILABLE"))
    public Response peach(@Parameter(hidden = true) @HeaderParam("Content-Type") String contentType,
                          @Parameter(description = "Encrypted notifications only: the AES-GCM initialisation vector, 12 "
                                  + "bytes in hexadecimal.")
                          @HeaderParam(NotificationCipher.IV_HEADER) String initializationVector,
                          @Parameter(description = "Encrypted notifications only: the AES-GCM authentication tag, 16 bytes "
                                  + "in hexadecimal.")
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
