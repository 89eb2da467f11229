package io.moolah.payment.peach;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What anyone may post to the public webhook path: an encrypted body with its IV and tag, or a signed form. Decryption
 * either yields text or says the notification is undecryptable; a signature check answers true or false. Neither may
 * throw anything else (that would be a 500 on a public path), and random input never passes.
 */
class PeachParsersFuzzTest {
    private static final String KEY = "a".repeat(64);
    private static final NotificationCipher CIPHER = new NotificationCipher(KEY);

    @FuzzTest(maxDuration = "10m")
    void anyEncryptedNotificationIsTextOrUndecryptable(FuzzedDataProvider data) {
        String iv = data.consumeString(64);
        String tag = data.consumeString(64);
        String body = data.consumeRemainingAsString();
        try {
            CIPHER.decrypt(body, iv, tag);
        } catch (NotificationCipher.UndecryptableNotification expected) {
            // 401 NOTIFICATION_NOT_AUTHENTIC
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anySignedFormIsCheckedWithoutAnExceptionAndRandomOnesFail(FuzzedDataProvider data) {
        Map<String, String> fields = new HashMap<>();
        int count = data.consumeInt(0, 12);
        for (int i = 0; i < count; i++) {
            fields.put(data.consumeString(40), data.consumeString(80));
        }
        String signature = data.consumeRemainingAsString();
        assertFalse(CheckoutSignature.verify(fields, signature, "secret-token-for-fuzzing-0123456789") && signature.length() != 64,
                "only a 64-hex-digit HMAC can match");
    }
}
