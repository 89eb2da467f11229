package io.moolah.payment.peach;

import io.moolah.payment.peach.NotificationCipher.UndecryptableNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationCipherTest {

    /** The known-answer vector of the OPPWA webhook decryption example that Peach card webhooks follow. */
    private static final String VECTOR_KEY = "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f";
    private static final String VECTOR_IV = "000000000000000000000000";
    private static final String VECTOR_TAG = "CE573FB7A41AB78E743180DC83FF09BD";
    private static final String VECTOR_BODY = "0A3471C72D9BE49A8520F79C66BBD9A12FF9";
    private static final String VECTOR_PLAINTEXT = "{\"type\":\"PAYMENT\"}";

    private static final String OTHER_KEY = "D079ADB4A1EE4FD9CF02034C76EEDC86707F86296DE010A6332848DFD086139B";

    private static final String PAYMENT_JSON = "{\"type\":\"PAYMENT\","
            + "\"payload\":{\"id\":\"8ac7a4a184123d86018413e098f32192\","
            + "\"paymentType\":\"DB\",\"amount\":\"150.00\",\"currency\":\"ZAR\",\"merchantTransactionId\":\"tp-42\","
            + "\"result\":{\"code\":\"000.100.110\",\"description\":\"Request successfully processed\"},"
            + "\"customer\":{\"givenName\":\"Zoë\",\"surname\":\"Ndlovu\"}}}";

    private final NotificationCipher cipher = new NotificationCipher(VECTOR_KEY);

    private static void assertUndecryptable(Executable decrypt) {
        assertThrows(UndecryptableNotification.class, decrypt);
    }

    private static String flipFirstByte(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        bytes[0] ^= 0x01;
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void decryptsThePublishedVector() throws Exception {
        assertEquals(VECTOR_PLAINTEXT, cipher.decrypt(VECTOR_BODY, VECTOR_IV, VECTOR_TAG));
    }

    @Test
    void acceptsEitherCaseAndSurroundingWhitespace() throws Exception {
        NotificationCipher upperKey = new NotificationCipher(" " + VECTOR_KEY.toUpperCase(Locale.ROOT) + "\n");
        assertEquals(VECTOR_PLAINTEXT, upperKey.decrypt(
                VECTOR_BODY.toLowerCase(Locale.ROOT) + "\r\n", VECTOR_IV, VECTOR_TAG.toLowerCase(Locale.ROOT)));
    }

    @Test
    void roundTripsARealisticPayload() throws Exception {
        EncryptedNotification sealed = cipher.encrypt(PAYMENT_JSON);
        assertEquals(24, sealed.hexIv().length(), "a 12-byte IV");
        assertEquals(32, sealed.hexTag().length(), "a 16-byte tag");
        assertEquals(sealed.hexBody().toUpperCase(Locale.ROOT), sealed.hexBody(), "upper-case hex, as Peach sends");
        assertEquals(PAYMENT_JSON, cipher.decrypt(sealed.hexBody(), sealed.hexIv(), sealed.hexTag()));
    }

    @Test
    void roundTripsAnEmptyPlaintext() throws Exception {
        EncryptedNotification sealed = cipher.encrypt("");
        assertEquals("", sealed.hexBody());
        assertEquals("", cipher.decrypt(sealed.hexBody(), sealed.hexIv(), sealed.hexTag()));
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        EncryptedNotification first = cipher.encrypt(VECTOR_PLAINTEXT);
        EncryptedNotification second = cipher.encrypt(VECTOR_PLAINTEXT);
        assertNotEquals(first.hexIv(), second.hexIv());
        assertNotEquals(first.hexBody(), second.hexBody());
    }

    @Test
    void encryptionMatchesTheVectorWhenTheIvMatches() throws Exception {
        // encrypt() picks its own IV, so check the ciphertext layout with the JDK directly under the vector's IV.
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(VECTOR_KEY), "AES"),
                new GCMParameterSpec(128, new byte[12]));
        byte[] sealed = gcm.doFinal(VECTOR_PLAINTEXT.getBytes(StandardCharsets.UTF_8));
        String bodyAndTag = HexFormat.of().withUpperCase().formatHex(sealed);
        assertEquals(VECTOR_BODY + VECTOR_TAG, bodyAndTag, "Peach's tag is what the JDK appends to the ciphertext");
    }

    @Test
    void theWrongKeyIsUndecryptable() {
        NotificationCipher other = new NotificationCipher(OTHER_KEY);
        assertUndecryptable(() -> other.decrypt(VECTOR_BODY, VECTOR_IV, VECTOR_TAG));
        EncryptedNotification sealed = other.encrypt(PAYMENT_JSON);
        assertUndecryptable(() -> cipher.decrypt(sealed.hexBody(), sealed.hexIv(), sealed.hexTag()));
    }

    @Test
    void aFlippedTagByteIsUndecryptable() {
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, VECTOR_IV, flipFirstByte(VECTOR_TAG)));
        byte[] tag = HexFormat.of().parseHex(VECTOR_TAG);
        tag[15] ^= (byte) 0x80;
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, VECTOR_IV, HexFormat.of().formatHex(tag)));
    }

    @Test
    void aFlippedBodyByteIsUndecryptable() {
        assertUndecryptable(() -> cipher.decrypt(flipFirstByte(VECTOR_BODY), VECTOR_IV, VECTOR_TAG));
    }

    @Test
    void anotherIvIsUndecryptable() {
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, flipFirstByte(VECTOR_IV), VECTOR_TAG));
    }

    @Test
    void aTruncatedOrExtendedBodyIsUndecryptable() {
        String body = VECTOR_BODY;
        assertUndecryptable(() -> cipher.decrypt(body.substring(0, body.length() - 2), VECTOR_IV, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(body.substring(0, body.length() - 1), VECTOR_IV, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(body.substring(2), VECTOR_IV, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt("", VECTOR_IV, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(body + "00", VECTOR_IV, VECTOR_TAG));
    }

    @Test
    void theTagMovedIntoTheBodyIsUndecryptable() {
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY + VECTOR_TAG, VECTOR_IV, VECTOR_TAG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "0A3471C72D9BE49A8520F79C66BBD9A12FG9", "0x0A3471C72D", "0A 34 71", "{\"type\":1}",
            "０Ａ３４"})
    void nonHexInputIsUndecryptable(String notHex) {
        assertUndecryptable(() -> cipher.decrypt(notHex, VECTOR_IV, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, notHex, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, VECTOR_IV, notHex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "0000000000000000", "0000000000000000000000", "00000000000000000000000000",
            "00000000000000000000000000000000"})
    void anIvThatIsNotTwelveBytesIsUndecryptable(String iv) {
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, iv, VECTOR_TAG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CE573FB7A41AB78E743180DC83FF09", "CE573FB7A41AB78E743180DC",
            "CE573FB7A41AB78E743180DC83FF09BD00"})
    void aTagThatIsNotSixteenBytesIsUndecryptable(String tag) {
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, VECTOR_IV, tag));
    }

    @Test
    void missingPartsAreUndecryptable() {
        assertUndecryptable(() -> cipher.decrypt(null, VECTOR_IV, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, null, VECTOR_TAG));
        assertUndecryptable(() -> cipher.decrypt(VECTOR_BODY, VECTOR_IV, null));
        assertUndecryptable(() -> cipher.decrypt(null, null, null));
    }

    @Test
    void authenticPlaintextThatIsNotUtf8IsUndecryptable() throws Exception {
        byte[] iv = new byte[12];
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(VECTOR_KEY), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] bodyAndTag = gcm.doFinal(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        String body = HexFormat.of().formatHex(Arrays.copyOf(bodyAndTag, bodyAndTag.length - 16));
        String tag = HexFormat.of()
                .formatHex(Arrays.copyOfRange(bodyAndTag, bodyAndTag.length - 16, bodyAndTag.length));
        assertUndecryptable(() -> cipher.decrypt(body, HexFormat.of().formatHex(iv), tag));
    }

    @Test
    void failuresNeverRevealTheKey() {
        UndecryptableNotification failure = assertThrows(UndecryptableNotification.class,
                () -> cipher.decrypt(VECTOR_BODY, VECTOR_IV, flipFirstByte(VECTOR_TAG)));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            assertFalse(message.contains(VECTOR_KEY), t.toString());
            assertFalse(message.contains(VECTOR_PLAINTEXT.toLowerCase(Locale.ROOT)), t.toString());
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "000102030405060708090a0b0c0d0e0f", // 16 bytes: the Payments API's shorter secret, not this key
            "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e", // 31 bytes
            "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f00", // 33 bytes
            "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0", // odd length
            "g00102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f", // not hex
            "Z2VoZWltZ2VoZWltZ2VoZWltZ2VoZWltZ2VoZWltZ2U=", // base64, not hex
    })
    void keysThatAreNotThirtyTwoHexBytesAreRejected(String hexKey) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new NotificationCipher(hexKey));
        assertTrue(hexKey == null || hexKey.isBlank() || !e.getMessage().contains(hexKey.strip()),
                "the message must not repeat the key");
    }

    @Test
    void encryptingNothingIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(null));
    }
}
