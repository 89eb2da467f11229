package io.moolah.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The local run's token signing key is made once per data folder and kept, so a restarted account-service keeps it. */
class SigningKeyFileTest {

    @Test
    void theKeyIsMadeOnceAndIsAnRsaPkcs8Pem() throws Exception {
        Path run = Files.createTempDirectory("moolah-signing-key");
        String first = Files.readString(Platform.signingKey(run));
        assertEquals(first, Files.readString(Platform.signingKey(run)), "the same key at the next start");
        String base64 = first.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertEquals(2048, key.getModulus().bitLength());
        Files2.deleteRecursively(run);
    }
}
