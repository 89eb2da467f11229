package io.moolah.localstack;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An operator made for a local run or a test: an id, a passphrase and a TOTP secret, fresh at every start and never
 * written to the repository. {@link #configLine} is what the account-service's {@code moolah.account.operators} takes
 * (the passphrase only as an Argon2id hash); {@link #otp} is what an authenticator app would show now.
 */
public record OperatorCredentials(UUID id, String passphrase, String totpSecretBase32) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String WORDS = "abcdefghijkmnpqrstuvwxyz23456789";

    public static OperatorCredentials generate() {
        StringBuilder passphrase = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            passphrase.append(i > 0 && i % 6 == 0 ? "-" : "").append(WORDS.charAt(RANDOM.nextInt(WORDS.length())));
        }
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            secret.append(BASE32.charAt(RANDOM.nextInt(32)));
        }
        return new OperatorCredentials(UUID.randomUUID(), passphrase.toString(), secret.toString());
    }

    /** {@code <id> <argon2id hash of the passphrase> <TOTP secret>}, with the account-service's default cost. */
    public String configLine() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = new byte[32];
        Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
        argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(19456).withIterations(2).withParallelism(1).withSalt(salt).build());
        argon2.generateBytes(passphrase.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return id + " $argon2id$v=19$m=19456,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash) + " "
                + totpSecretBase32;
    }

    /** The RFC 6238 code (HMAC-SHA-1, 30 s, 6 digits) an authenticator app shows at {@code at}. */
    public String otp(Instant at) {
        return otpAtStep(at.getEpochSecond() / 30);
    }

    /** The code of one 30-second time step (counted from the epoch). */
    public String otpAtStep(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretBytes(), "HmacSHA1"));
            byte[] digest = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = digest[digest.length - 1] & 0x0f;
            int binary = ((digest[offset] & 0x7f) << 24) | ((digest[offset + 1] & 0xff) << 16)
                    | ((digest[offset + 2] & 0xff) << 8) | (digest[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] secretBytes() {
        ByteBuffer out = ByteBuffer.allocate(totpSecretBase32.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : totpSecretBase32.toCharArray()) {
            buffer = (buffer << 5) | BASE32.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
