package io.moolah.localstack.simulators;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's own side of Peach's authentication (docs/providers/peach.md, sections 3.4 and 4), written apart from
 * the payment service's verifier on purpose: two independent implementations of one protocol catch each other's
 * mistakes, and the simulator speaks as Peach would, not as our code expects.
 */
public final class PeachProtocol {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeachProtocol() {
    }

    /** Checkout signature: HMAC-SHA256 with the secret token over every field but "signature", sorted, name then value. */
    public static String sign(Map<String, String> fields, String secretToken) {
        StringBuilder message = new StringBuilder();
        new TreeMap<>(fields).forEach((name, value) -> {
            if (!"signature".equals(name)) {
                message.append(name).append(value);
            }
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An encrypted server-to-server notification: hex body, hex IV and hex tag (upper case, as Peach sends them). */
    public record Sealed(String body, String iv, String tag) {
    }

    /** AES-256-GCM under the 64-hex-character webhook key, a fresh 12-byte IV, the 16-byte tag sent apart. */
    public static Sealed seal(String json, String hexKey) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex(hexKey), "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
            HexFormat hex = HexFormat.of().withUpperCase();
            return new Sealed(hex.formatHex(sealed, 0, sealed.length - 16), hex.formatHex(iv),
                    hex.formatHex(sealed, sealed.length - 16, sealed.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random secret of {@code bytes} bytes as hex: development keys are made at start, never committed. */
    public static String randomHex(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
