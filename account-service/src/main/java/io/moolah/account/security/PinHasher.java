package io.moolah.account.security;

import io.moolah.account.config.AccountSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;

/**
 * PIN hashes with Argon2id (BouncyCastle), stored in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so the cost can be raised later without breaking old hashes.
 * At most {@code concurrentHashes} are computed at once, which bounds the memory a burst of logins can take.
 */
/* Created at start, not on the first login: key generation and the decoy hash take time. */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class PinHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final AccountSettings.Pin cost;
    /** HMAC-SHA256 key applied to every PIN before Argon2 (from a Secret): a stolen database alone cannot be guessed. */
    private final byte[] pepper;
    private final Semaphore slots;
    /** A hash to verify against when the phone number is unknown, so both answers take the same time. */
    private final String decoy;

    @Inject
    public PinHasher(AccountSettings settings) {
        this.cost = settings.pin();
        this.pepper = settings.pin().pepper().map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (pepper != null && pepper.length < 32) {
            throw new IllegalArgumentException("moolah.account.pin.pepper must be at least 32 characters");
        }
        this.slots = new Semaphore(cost.concurrentHashes(), true);
        this.decoy = hash("00000");
    }

    public String hash(String pin) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = compute(peppered(pin, pepper != null), salt, cost.memoryKib(), cost.iterations(), cost.parallelism(), HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + (pepper != null ? ",k=1" : "") + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether a hash was made without the pepper now configured: it is made again at the next right PIN. */
    public boolean needsRehash(String encoded) {
        return pepper != null && !encoded.contains(",k=1$");
    }

    /** The Argon2 input: the PIN itself, or (marked {@code k=1} in the hash) its HMAC under the pepper. */
    private String peppered(String pin, boolean withPepper) {
        if (!withPepper) {
            return pin;
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(pepper, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(pin.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean matches(String pin, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int parallelism = 0;
        boolean withPepper = false;
        for (String parameter : parts[3].split(",")) {
            int value = Integer.parseInt(parameter.substring(2));
            switch (parameter.charAt(0)) {
                case 'm' -> memory = value;
                case 't' -> iterations = value;
                case 'p' -> parallelism = value;
                case 'k' -> withPepper = value == 1;
                default -> {
                    return false;
                }
            }
        }
        if (withPepper && pepper == null) {
            return false;
        }
        pin = peppered(pin, withPepper);
        byte[] salt = B64D.decode(parts[4]);
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = compute(pin, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the same effort as a real check, for unknown phone numbers. */
    public void spendDecoyEffort(String pin) {
        matches(pin, decoy);
    }

    private byte[] compute(String pin, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        byte[] out = new byte[length];
        // The generator allocates its memoryKib of blocks in init(): the slot must be held from there on.
        slots.acquireUninterruptibly();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes(pin.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            slots.release();
        }
        return out;
    }
}
