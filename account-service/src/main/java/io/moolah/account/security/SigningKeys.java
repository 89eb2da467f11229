package io.moolah.account.security;

import io.moolah.account.config.AccountSettings;
import io.moolah.platform.security.VerificationKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The RSA key that signs access tokens, and its public half as a JWKS for everyone who verifies them. The key comes
 * from {@code moolah.account.tokens.private-key-location} (PKCS#8 PEM) or is generated at start; it is never stored in
 * the repository. Being the issuer, this service verifies tokens with the same key instead of fetching its own JWKS.
 */
/* Created at start, not on the first login: key generation and the decoy hash take time. */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class SigningKeys implements VerificationKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final RsaJsonWebKey signingKey;
    private final JsonWebKeySet publicKeys;

    /**
     * Signs with the current key; publishes it and, during a rotation, the previous one
     * ({@code previous-private-key-location}), so tokens signed before the rotation keep verifying until they expire
     * and nobody is logged out.
     */
    @Inject
    public SigningKeys(AccountSettings settings) {
        signingKey = settings.tokens().privateKeyLocation().map(SigningKeys::load).orElseGet(SigningKeys::generate);
        identify(signingKey);
        List<JsonWebKey> published = new java.util.ArrayList<>(List.of(publicHalf(signingKey)));
        // Absent outside a rotation: the location may be set for good and the file added only while rotating.
        settings.tokens().previousPrivateKeyLocation().filter(location -> Files.exists(Path.of(location)))
                .map(SigningKeys::load).ifPresent(previous -> {
            identify(previous);
            if (!previous.getKeyId().equals(signingKey.getKeyId())) {
                published.add(publicHalf(previous));
            }
        });
        publicKeys = new JsonWebKeySet(published);
    }

    private static void identify(RsaJsonWebKey key) {
        key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
        key.setAlgorithm("RS256");
        key.setUse("sig");
    }

    private static RsaJsonWebKey publicHalf(RsaJsonWebKey key) {
        RsaJsonWebKey publicOnly = new RsaJsonWebKey(key.getRsaPublicKey());
        publicOnly.setKeyId(key.getKeyId());
        publicOnly.setAlgorithm("RS256");
        publicOnly.setUse("sig");
        return publicOnly;
    }

    public RsaJsonWebKey signingKey() {
        return signingKey;
    }

    /** The JWKS document: public keys only. */
    public String jwksJson() {
        return publicKeys.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @Override
    public VerificationKeyResolver resolver() {
        return new JwksVerificationKeyResolver(publicKeys.getJsonWebKeys());
    }

    private static RsaJsonWebKey generate() {
        try {
            LOG.warn("no moolah.account.tokens.private-key-location: generated a signing key for this process only");
            return RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey load(String location) {
        try {
            String pem = Files.readString(Path.of(location));
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RsaJsonWebKey key = new RsaJsonWebKey(publicKey);
            key.setPrivateKey(privateKey);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key at " + location, e);
        } catch (Exception e) {
            throw new IllegalStateException("the signing key at " + location + " is not an RSA PKCS#8 PEM key", e);
        }
    }
}
