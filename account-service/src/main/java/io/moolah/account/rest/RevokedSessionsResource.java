package io.moolah.account.rest;

import io.moolah.account.config.AccountSettings;
import io.moolah.platform.security.ServiceCredential;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Sessions revoked within the last access-token lifetime (their access tokens may still be out there), for the
 * gateway, which refuses those tokens at once. Internal path, the services' credential.
 */
@Path("/internal/v1/revoked-sessions")
@Produces(MediaType.APPLICATION_JSON)
public class RevokedSessionsResource {

    @Inject
    ServiceCredential credential;

    @Inject
    EntityManager database;

    @Inject
    AccountSettings settings;

    public record Revoked(List<UUID> sessions, long windowSeconds) {
    }

    @GET
    @SuppressWarnings("unchecked")
    public Revoked revoked(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        credential.require(authorization);
        // A minute more than a token lives: clocks drift, and the gateway forgets a session once its tokens are dead.
        Duration window = settings.tokens().accessTokenTtl().plusMinutes(1);
        List<UUID> sessions = database.createNativeQuery("""
                        select distinct session_id from refresh_token
                        where status = 'REVOKED' and closed_at > now() - make_interval(secs => ?1)""")
                .setParameter(1, window.toSeconds()).getResultList();
        return new Revoked(sessions, window.toSeconds());
    }
}
