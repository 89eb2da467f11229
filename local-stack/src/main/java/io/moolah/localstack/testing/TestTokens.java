package io.moolah.localstack.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens for the tests of services that verify, but do not issue, tokens. As a Quarkus test resource it makes an
 * RSA key, publishes its JWKS on a loopback port the way the account-service does, and points {@code moolah.auth.jwks-url}
 * at it; tests then mint tokens with {@link #customer} and {@link #operator}. The key travels between class loaders as
 * text in a system property.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {
    private static final String KEY_PROPERTY = "moolah.test.tokens.jwk";
    private static final String PUBLISHED_PROPERTY = "moolah.test.tokens.jwks";
    private static final String SERVICE_TOKEN_PROPERTY = "moolah.test.tokens.service";
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            System.clearProperty(PUBLISHED_PROPERTY);
            rotate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                byte[] body = System.getProperty(PUBLISHED_PROPERTY).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            // The services' shared secret for internal paths: made at random here, as the local stack makes it.
            System.setProperty(SERVICE_TOKEN_PROPERTY, UUID.randomUUID() + "-" + UUID.randomUUID());
            return Map.of("moolah.auth.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json",
                    "moolah.auth.service-token", System.getProperty(SERVICE_TOKEN_PROPERTY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * Makes a new signing key, as the account-service does when it rotates: tokens minted from now on carry the new
     * key's id, and the published key set holds the new key and the previous ones (so tokens already issued still
     * verify).
     */
    public static void rotate() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-" + UUID.randomUUID());
            key.setAlgorithm("RS256");
            System.setProperty(KEY_PROPERTY, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            RsaJsonWebKey publicKey = new RsaJsonWebKey(key.getRsaPublicKey());
            publicKey.setKeyId(key.getKeyId());
            publicKey.setAlgorithm("RS256");
            List<JsonWebKey> published = new java.util.ArrayList<>(List.of(publicKey));
            String previous = System.getProperty(PUBLISHED_PROPERTY);
            if (previous != null) {
                published.addAll(new JsonWebKeySet(previous).getJsonWebKeys());
            }
            System.setProperty(PUBLISHED_PROPERTY, new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test signing key", e);
        }
    }

    /** The Authorization header one of our services sends on an internal path (ServiceCredential). */
    public static String serviceAuthorization() {
        return "Service " + System.getProperty(SERVICE_TOKEN_PROPERTY);
    }

    /** A customer's access token for the given wallets. */
    public static String customer(UUID customerId, UUID... walletIds) {
        return mint(customerId, List.of(walletIds), "customer");
    }

    /** The one operator of a test run: the same subject each time, as a real operator's tokens would carry. */
    public static final UUID OPERATOR_ID = UUID.randomUUID();

    public static String operator() {
        return mint(OPERATOR_ID, List.of(), "operator");
    }

    public static String mint(UUID subject, List<UUID> walletIds, String role) {
        return mint(subject, walletIds, role, claims -> {
        });
    }

    /** A token whose claims a test changes before signing (an expiry in the past, another audience...). */
    public static String mint(UUID subject, List<UUID> walletIds, String role, java.util.function.Consumer<JwtClaims> adjust) {
        try {
            RsaJsonWebKey key = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(System.getProperty(KEY_PROPERTY));
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("moolah-account-service");
            claims.setAudience("moolah-api");
            claims.setSubject(subject.toString());
            claims.setIssuedAtToNow();
            claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(900).getEpochSecond()));
            claims.setClaim("sid", UUID.randomUUID().toString());
            claims.setStringListClaim("wallets", walletIds.stream().map(UUID::toString).toList());
            claims.setStringListClaim("roles", role);
            adjust.accept(claims);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a test token (is TestTokens a test resource?)", e);
        }
    }
}
