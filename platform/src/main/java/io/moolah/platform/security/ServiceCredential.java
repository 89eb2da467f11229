package io.moolah.platform.security;

import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The credential one of our services presents to another on an internal path ({@code /internal/...}, never routed by
 * the gateway): {@code Authorization: Service <moolah.auth.service-token>}. The token is a secret shared by the services
 * that call each other (a Kubernetes Secret; made at random by the local stack and the tests). Without one configured,
 * every internal call is refused: the check fails closed.
 */
@ApplicationScoped
public class ServiceCredential {
    static final String SCHEME = "Service ";

    @Inject
    AuthSettings settings;

    /** The header value this service sends; empty when no token is configured. */
    public String header() {
        return settings.serviceToken().map(token -> SCHEME + token).orElse("");
    }

    /** @throws ProblemException 401 {@code SERVICE_CREDENTIAL_REQUIRED} unless the header carries the shared token */
    public void require(String authorization) {
        String expected = settings.serviceToken().filter(token -> token.length() >= 16).orElse(null);
        boolean valid = expected != null && authorization != null && authorization.startsWith(SCHEME)
                && MessageDigest.isEqual(authorization.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            throw new ProblemException(401, "SERVICE_CREDENTIAL_REQUIRED", "Unauthenticated",
                    "This path is for the platform's own services.");
        }
    }
}
