package io.moolah.payment.peach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.payment.config.PaymentSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Peach notification as delivered and decides whether Peach sent it: a form signed with the secret token
 * (checkout notifications) or a hex body sealed with AES-256-GCM under the webhook key (server-to-server
 * notifications, recognised by their {@code X-Initialization-Vector} header). Anything else is not authentic.
 */
@ApplicationScoped
public class PeachNotifications {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    /** The fields we act on, whichever way they came. */
    public record Notification(String paymentId, String checkoutId, String merchantTransactionId, long amount,
                               String currency, String resultCode, String paymentType) {
        /** The provider's identity of this notification: a repeated delivery has the same one. */
        public String dedupeKey() {
            return "PEACH:" + (paymentId.isEmpty() ? checkoutId : paymentId) + ":" + paymentType + ":" + resultCode;
        }
    }

    /** Authentic with its fields, or not, with the reason (kept for audit, never shown to the sender). */
    public record Reading(Notification notification, String rejection) {
        public boolean authentic() {
            return notification != null;
        }

        static Reading rejected(String why) {
            return new Reading(null, why);
        }
    }

    /**
     * @param body the body as text, or null when it was not UTF-8 text without NUL (then it is not from Peach, whose
     *             notifications are ASCII)
     */
    public Reading read(String contentType, String initializationVector, String authenticationTag, String body) {
        if (body == null) {
            return Reading.rejected("the body is not UTF-8 text without NUL bytes");
        }
        if (hasNul(contentType) || hasNul(initializationVector) || hasNul(authenticationTag)) {
            return Reading.rejected("a header holds a NUL character");
        }
        if (initializationVector != null || authenticationTag != null) {
            return readEncrypted(initializationVector, authenticationTag, body);
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/x-www-form-urlencoded")) {
            return Reading.rejected("neither a signed form nor an encrypted notification: " + type);
        }
        return readSignedForm(body);
    }

    private Reading readSignedForm(String body) {
        String secret = settings.peach().secretToken().orElse(null);
        if (secret == null) {
            return Reading.rejected("no secret token configured");
        }
        Map<String, String> fields = new HashMap<>();
        try {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (fields.put(name, value) != null) {
                    return Reading.rejected("a field appears twice: " + name);
                }
            }
        } catch (IllegalArgumentException e) {
            return Reading.rejected("the form is not well encoded");
        }
        String signature = fields.remove(CheckoutSignature.SIGNATURE_FIELD);
        if (signature == null || !CheckoutSignature.verify(fields, signature, secret)) {
            return Reading.rejected("the signature does not match");
        }
        return complete(fields);
    }

    private Reading readEncrypted(String initializationVector, String authenticationTag, String body) {
        String key = settings.peach().webhookKey().orElse(null);
        if (key == null) {
            return Reading.rejected("no webhook key configured");
        }
        try {
            JsonNode envelope = json.readTree(new NotificationCipher(key).decrypt(body, initializationVector, authenticationTag));
            JsonNode payload = envelope.path("payload");
            Map<String, String> fields = new HashMap<>();
            flatten("", payload, fields);
            return complete(fields);
        } catch (NotificationCipher.UndecryptableNotification e) {
            return Reading.rejected("undecryptable: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return Reading.rejected("decrypted, but not a JSON notification");
        }
    }

    /** Nested JSON ("result": {"code": ...}) as the dotted names the forms use ("result.code"). */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isObject()) {
                flatten(prefix + field.getKey() + ".", field.getValue(), into);
            } else {
                into.put(prefix + field.getKey(), field.getValue().asText());
            }
        }
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /**
     * Authentic, but only usable with a result code, our reference and an amount. Peach never puts a NUL in a field;
     * one that does cannot be stored (its de-duplication key would hold it) and is refused.
     */
    private static Reading complete(Map<String, String> fields) {
        if (fields.entrySet().stream().anyMatch(field -> hasNul(field.getKey()) || hasNul(field.getValue()))) {
            return Reading.rejected("a field holds a NUL character");
        }
        String resultCode = fields.getOrDefault("result.code", "");
        String reference = fields.getOrDefault("merchantTransactionId", "");
        long amount = Amounts.toCents(fields.get("amount"));
        if (resultCode.isEmpty() || (reference.isEmpty() && fields.getOrDefault("checkoutId", "").isEmpty()) || amount < 0) {
            return new Reading(new Notification(fields.getOrDefault("id", ""), fields.getOrDefault("checkoutId", ""), reference,
                    -1, fields.getOrDefault("currency", ""), resultCode, fields.getOrDefault("paymentType", "")), null);
        }
        return new Reading(new Notification(fields.getOrDefault("id", ""), fields.getOrDefault("checkoutId", ""), reference,
                amount, fields.getOrDefault("currency", ""), resultCode, fields.getOrDefault("paymentType", "DB")), null);
    }
}
