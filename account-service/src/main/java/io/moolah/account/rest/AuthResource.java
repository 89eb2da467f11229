package io.moolah.account.rest;

import io.moolah.account.security.SigningKeys;
import io.moolah.account.service.Registration;
import io.moolah.account.service.RegistrationService;
import io.moolah.account.service.SessionService;
import io.moolah.account.service.Tokens;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Registration, login, token refresh and logout; the public keys that verify access tokens. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    RegistrationService registrations;

    @Inject
    SessionService sessions;

    @Inject
    SigningKeys keys;

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Requests.Register body) {
        Requests.Register request = Requests.required(body);
        RegistrationService.NewCustomer input = registrations.prepare(request.phoneNumber(), request.fullName(), request.pin());
        Registration registration;
        try {
            registration = registrations.register(input);
        } catch (PersistenceException e) {
            if (UniqueViolations.isUniqueViolation(e)) {
                // Two registrations of one number at once: the database let exactly one through.
                throw RegistrationService.phoneNumberTaken();
            }
            throw e;
        }
        return Response.created(URI.create("/api/v1/me")).entity(registration).build();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Tokens login(Requests.Login body, @Context HttpHeaders headers, @Context io.vertx.core.http.HttpServerRequest http) {
        Requests.Login request = Requests.required(body);
        return sessions.login(request.phoneNumber(), request.pin(), ClientAddresses.of(headers, http));
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    public Tokens refresh(Requests.Refresh body) {
        return sessions.refresh(Requests.refreshToken(body));
    }

    /** Revokes the session of the given refresh token (an addition to API.md). */
    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response logout(Requests.Refresh body) {
        sessions.logout(Requests.refreshToken(body));
        return Response.noContent().build();
    }

    /** The JWKS that the gateway and the services verify access tokens with (public keys only). */
    @GET
    @Path("/jwks.json")
    public Response jwks() {
        return Response.ok(keys.jwksJson(), MediaType.APPLICATION_JSON).header("Cache-Control", "public, max-age=300").build();
    }
}
