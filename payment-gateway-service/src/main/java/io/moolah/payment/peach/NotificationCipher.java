package io.moolah.payment.peach;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Opens (and, for the provider simulator, seals) Peach Payments server-to-server webhooks. Peach does not sign these
 * notifications: it encrypts them with AES-256-GCM under a per-listener secret, so a body that decrypts and
 * authenticates under our key is the proof that Peach sent it and nobody altered it. That makes every failure here
 * the same answer to the caller, {@link UndecryptableNotification}, which the webhook endpoint turns into a 401.
 *
 * <p>The format, from <a href="https://support.peachpayments.com/support/solutions/articles/47001189554">Peach
 * support: Webhooks for all integrations</a> and
 * <a href="https://support.peachpayments.com/support/solutions/articles/47001098733">Card payments webhooks
 * integration with Peach Payments</a> (read 2026), which follow the OPPWA platform's
 * <a href="https://hyperpay.docs.oppwa.com/tutorials/webhooks/decryption-example">webhook decryption example</a>:
 * <ul>
 *   <li>algorithm AES, block mode GCM, no padding; key "[secret of listener] (64-character-long hexadecimal string
 *       in configuration)", 256 bits (32 bytes);</li>
 *   <li>initialisation vector in the {@value #IV_HEADER} header, authentication tag in the {@value #TAG_HEADER}
 *       header; "When converting human-readable string to hexadecimal format, we use UTF-8". OPPWA-platform docs add
 *       "Format of body: Hexadecimal, Format of Initialization Vector: Hexadecimal";</li>
 *   <li>Peach's sample delivery shows upper-case hex, a 12-byte IV ({@code F0B3A54CC4043F28BE7CA326}) and a 16-byte
 *       tag ({@code 9CDE76F1E157428D3CFF8CBCB5E5BFED}), so both lengths are enforced here;</li>
 *   <li>the published examples hand AEAD APIs that want them joined (libsodium, BouncyCastle) the body followed by
 *       the tag; the JDK's GCM cipher wants the same, so that is what {@link #decrypt} builds. No additional
 *       authenticated data is used.</li>
 * </ul>
 * The OPPWA example's known-answer vector (key {@code 000102...0e0f000102...0e0f}, IV of 12 zero bytes, tag
 * {@code CE573FB7A41AB78E743180DC83FF09BD}, body {@code 0A3471C72D9BE49A8520F79C66BBD9A12FF9}, plaintext
 * {@code {"type":"PAYMENT"}}) is reproduced in the tests.
 *
 * <p>Scope: this is the card (OPPWA-based) webhook key of 64 hex characters. The same support page lists a
 * 32-hex-character listener secret for the newer Payments API webhooks; that is a different key and is rejected
 * here rather than silently used as AES-128. Instances are immutable and safe to share between threads.
 */
public final class NotificationCipher {

    /** The header carrying the hex GCM initialisation vector. */
    public static final String IV_HEADER = "X-Initialization-Vector";
    /** The header carrying the hex GCM authentication tag. */
    public static final String TAG_HEADER = "X-Authentication-Tag";

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /**
     * @param hexKey the listener secret from Peach: 64 hex characters (either case; surrounding whitespace ignored)
     * @throws IllegalArgumentException if it is missing, not hex, or not exactly 32 bytes; the message never
     *                                  repeats the key
     */
    public NotificationCipher(String hexKey) {
        if (hexKey == null || hexKey.isBlank()) {
            throw new IllegalArgumentException("the Peach webhook secret is required");
        }
        byte[] keyBytes;
        try {
            keyBytes = HEX.parseHex(hexKey.strip());
        } catch (IllegalArgumentException notHex) {
            throw new IllegalArgumentException("the Peach webhook secret must be hexadecimal");
        }
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("the Peach webhook secret must be " + KEY_BYTES * 2
                    + " hex characters (" + KEY_BYTES + " bytes), not " + keyBytes.length + " bytes");
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        Arrays.fill(keyBytes, (byte) 0);
    }

    /**
     * The UTF-8 JSON that Peach encrypted, once its tag has been checked.
     *
     * @param hexBody the raw request body (surrounding whitespace, such as a trailing newline, is ignored)
     * @param hexIv   the {@value #IV_HEADER} header
     * @param hexTag  the {@value #TAG_HEADER} header
     * @throws UndecryptableNotification for any input that does not authenticate under this key: missing parts,
     *                                   bad hex, wrong IV or tag length, altered or truncated body, wrong key,
     *                                   plaintext that is not UTF-8
     */
    public String decrypt(String hexBody, String hexIv, String hexTag) throws UndecryptableNotification {
        byte[] body = decodeHex(hexBody, "body");
        byte[] iv = decodeHex(hexIv, IV_HEADER);
        byte[] tag = decodeHex(hexTag, TAG_HEADER);
        if (iv.length != IV_BYTES) {
            throw new UndecryptableNotification(IV_HEADER + " must be " + IV_BYTES + " bytes, was " + iv.length);
        }
        if (tag.length != TAG_BYTES) {
            throw new UndecryptableNotification(TAG_HEADER + " must be " + TAG_BYTES + " bytes, was " + tag.length);
        }
        byte[] bodyAndTag = Arrays.copyOf(body, body.length + tag.length);
        System.arraycopy(tag, 0, bodyAndTag, body.length, tag.length);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * Byte.SIZE, iv));
            byte[] plaintext = cipher.doFinal(bodyAndTag);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext))
                    .toString();
        } catch (GeneralSecurityException | ProviderException | IllegalArgumentException e) {
            throw new UndecryptableNotification("the notification does not authenticate under the configured key", e);
        } catch (CharacterCodingException e) {
            throw new UndecryptableNotification("the decrypted notification is not UTF-8", e);
        }
    }

    /**
     * Encrypts {@code plaintext} the way Peach does, under a fresh random 12-byte IV, for the provider simulator and
     * tests.
     *
     * @throws IllegalArgumentException if {@code plaintext} is null
     */
    public EncryptedNotification encrypt(String plaintext) {
        if (plaintext == null) {
            throw new IllegalArgumentException("plaintext is required");
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] bodyAndTag;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * Byte.SIZE, iv));
            bodyAndTag = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
        }
        int bodyLength = bodyAndTag.length - TAG_BYTES;
        return new EncryptedNotification(
                HEX.formatHex(bodyAndTag, 0, bodyLength),
                HEX.formatHex(iv),
                HEX.formatHex(bodyAndTag, bodyLength, bodyAndTag.length));
    }

    private static byte[] decodeHex(String hex, String part) throws UndecryptableNotification {
        if (hex == null) {
            throw new UndecryptableNotification("the notification has no " + part);
        }
        try {
            return HEX.parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new UndecryptableNotification("the notification " + part + " is not hexadecimal", e);
        }
    }

    /**
     * A notification that cannot be trusted: it is not from Peach, was altered, or was sent under another key. The
     * one failure {@link #decrypt} reports, so that the webhook endpoint has exactly one case to map to 401. Checked,
     * so that no caller can forget it. Messages name what was wrong, never the key or the plaintext.
     */
    public static final class UndecryptableNotification extends Exception {
        private static final long serialVersionUID = 1L;

        UndecryptableNotification(String message) {
            super(message);
        }

        UndecryptableNotification(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
