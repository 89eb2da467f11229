package io.moolah.payment.inbox;

import io.moolah.payment.model.WebhookNotification.BodyEncoding;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A notification's body as the inbox keeps it: the text itself when it is UTF-8 without NUL (what PostgreSQL text
 * holds), otherwise the base64 of exactly the bytes received. Peach's notifications are ASCII (a form or hex), so a
 * body that is not such text is kept for audit and judged not authentic.
 */
public record ReceivedBody(String stored, BodyEncoding encoding) {

    public static ReceivedBody of(byte[] raw) {
        byte[] bytes = raw == null ? new byte[0] : raw;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') < 0) {
                return new ReceivedBody(text, BodyEncoding.TEXT);
            }
        } catch (CharacterCodingException notUtf8) {
            // Kept as bytes below.
        }
        return new ReceivedBody(Base64.getEncoder().encodeToString(bytes), BodyEncoding.BASE64);
    }

    /** The body as text to judge, or null when it is not text a notification can be. */
    public String text() {
        return encoding == BodyEncoding.TEXT ? stored : null;
    }
}
