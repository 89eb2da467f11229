package io.moolah.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.localstack.tls.Certificates;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * {@code ./moolah audit}: asks the running platform's ledger for its audit ({@code GET /api/v1/admin/ledger/audit},
 * docs/sharding.md) as the run's first operator, prints it, and exits 0 when the ledger is clean, 1 when it is not, 2
 * when it could not ask. The operator's credentials are what {@code ./moolah up} wrote to {@code run/operator.properties}
 * (owner-only, removed when the platform stops); the token is kept next to it and reused while it is accepted.
 */
public final class LedgerAuditCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI gateway;
    private final HttpClient http;
    private final Path runDirectory;
    private final PrintStream out;

    public LedgerAuditCommand(String gatewayUrl, Path certificate, Path runDirectory, PrintStream out) {
        this.gateway = URI.create(gatewayUrl.endsWith("/") ? gatewayUrl : gatewayUrl + "/");
        this.http = HttpClient.newBuilder().sslContext(Certificates.trusting(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
        this.runDirectory = runDirectory;
        this.out = out;
    }

    /** Where {@code ./moolah up} keeps the operator the command signs in as. */
    static Path operatorFile(Path runDirectory) {
        return runDirectory.resolve("operator.properties");
    }

    private Path tokenFile() {
        return runDirectory.resolve("operator.token");
    }

    /** Writes the operator's credentials readable by this user only. */
    public static void saveOperator(Path runDirectory, OperatorCredentials operator) {
        Properties properties = new Properties();
        properties.setProperty("id", operator.id().toString());
        properties.setProperty("passphrase", operator.passphrase());
        properties.setProperty("totp", operator.totpSecretBase32());
        writeOwnerOnly(operatorFile(runDirectory), out -> properties.store(out, "an operator of the running platform, for ./moolah audit"));
    }

    static void forget(Path runDirectory) {
        try {
            Files.deleteIfExists(operatorFile(runDirectory));
            Files.deleteIfExists(runDirectory.resolve("operator.token"));
        } catch (IOException e) {
            // Removed with the next start at the latest (it is overwritten).
        }
    }

    public int run() {
        try {
            JsonNode audit = audit();
            print(audit);
            return audit.path("clean").asBoolean(false) ? 0 : 1;
        } catch (IOException | IllegalStateException e) {
            out.println("Cannot audit the ledger: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private JsonNode audit() throws IOException, InterruptedException {
        String token = Files.exists(tokenFile()) ? Files.readString(tokenFile()).trim() : null;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (token == null) {
                token = signIn();
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.resolve("api/v1/admin/ledger/audit"))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return JSON.readTree(answer.body());
            }
            if (answer.statusCode() != 401) {
                throw new IllegalStateException("the gateway answered " + answer.statusCode() + ": " + answer.body());
            }
            token = null;
        }
        throw new IllegalStateException("the operator's token was refused twice");
    }

    /** Signs in with a one-time code of this 30-second step or the next (each is taken once, in order). */
    private String signIn() throws IOException, InterruptedException {
        Path file = operatorFile(runDirectory);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no operator in " + file + " (is this platform started by ./moolah up?)");
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        OperatorCredentials operator = new OperatorCredentials(UUID.fromString(properties.getProperty("id")),
                properties.getProperty("passphrase"), properties.getProperty("totp"));
        long deadline = System.nanoTime() + Duration.ofSeconds(65).toNanos();
        String lastRefusal = "";
        while (System.nanoTime() < deadline) {
            long step = Instant.now().getEpochSecond() / 30;
            for (long candidate = step; candidate <= step + 1; candidate++) {
                String body = JSON.writeValueAsString(Map.of("operatorId", operator.id().toString(),
                        "passphrase", operator.passphrase(), "otp", operator.otpAtStep(candidate)));
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.resolve("api/v1/admin/auth/login"))
                        .timeout(TIMEOUT).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    String token = JSON.readTree(answer.body()).path("accessToken").asText();
                    writeOwnerOnly(tokenFile(), out -> out.write(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                    return token;
                }
                if (answer.statusCode() != 401) {
                    throw new IllegalStateException("sign-in answered " + answer.statusCode() + ": " + answer.body());
                }
                lastRefusal = answer.body();
            }
            Thread.sleep(2_000);
        }
        throw new IllegalStateException("the operator could not sign in: " + lastRefusal);
    }

    private void print(JsonNode audit) {
        boolean clean = audit.path("clean").asBoolean(false);
        out.println("Ledger audit at " + audit.path("checkedAt").asText() + ": " + (clean ? "CLEAN" : "DISCREPANCY FOUND"));
        for (JsonNode currency : audit.path("currencies")) {
            out.printf("  %s  balances %d, inter-shard clearing %d, in flight %d in %d transfer(s), discrepancy %d%n",
                    currency.path("currency").asText(), currency.path("balanceSum").asLong(),
                    currency.path("interShardSum").asLong(), currency.path("inFlightAmount").asLong(),
                    currency.path("inFlightCount").asLong(), currency.path("discrepancy").asLong());
        }
        for (JsonNode shard : audit.path("shards")) {
            out.printf("  shard %d  %d entries, %d accounts; unbalanced entries %d, accounts off their postings %d, "
                            + "negative wallets %d%n", shard.path("shard").asInt(), shard.path("entries").asLong(),
                    shard.path("accounts").asLong(), shard.path("unbalancedEntries").asLong(),
                    shard.path("accountsOffTheirPostings").asLong(), shard.path("negativeWallets").asLong());
        }
    }

    @FunctionalInterface
    private interface Writing {
        void write(java.io.OutputStream out) throws IOException;
    }

    private static void writeOwnerOnly(Path file, Writing writing) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newOutputStream(file)) {
                writing.write(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
