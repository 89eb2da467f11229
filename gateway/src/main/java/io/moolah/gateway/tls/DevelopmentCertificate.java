package io.moolah.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for local runs, made at start with the JDK's keytool and never committed. Production
 * passes a real one ({@code QUARKUS_TLS_GATEWAY_KEY_STORE_P12_PATH} and {@code _PASSWORD}, from a Kubernetes Secret).
 */
public final class DevelopmentCertificate {
    public static final String KEY_STORE_PATH = "quarkus.tls.gateway.key-store.p12.path";
    public static final String KEY_STORE_PASSWORD = "quarkus.tls.gateway.key-store.p12.password";

    private DevelopmentCertificate() {
    }

    /**
     * Writes {@code gateway.p12} (key and certificate, with a fresh random password) and {@code gateway.crt} (the
     * certificate in PEM, for clients to trust) into {@code directory}.
     *
     * @return the Quarkus properties that point the TLS registry at the new key store
     */
    public static Map<String, String> generate(Path directory) {
        try {
            Files.createDirectories(directory);
            Path keyStore = directory.resolve("gateway.p12");
            Path certificate = directory.resolve("gateway.crt");
            Files.deleteIfExists(keyStore);
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost, O=Moolah development",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", "gateway", "-keystore", keyStore.toString(),
                    "-storepass", password, "-file", certificate.toString());
            return Map.of(KEY_STORE_PATH, keyStore.toAbsolutePath().toString(), KEY_STORE_PASSWORD, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development certificate to " + directory, e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        var command = new java.util.ArrayList<>(List.of(Files.isExecutable(keytool) ? keytool.toString() : "keytool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes());
            if (!finished || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
