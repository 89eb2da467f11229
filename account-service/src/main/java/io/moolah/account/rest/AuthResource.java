package io.moolah.account.rest;

import io.moolah.account.security.SigningKeys;
import io.moolah.account.service.Registration;
import io.moolah.account.service.RegistrationService;
import io.moolah.account.service.SessionService;
import io.moolah.account.service.Tokens;
import io.moolah.platform.web.Problem;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Registration, login, token refresh and logout; the public keys that verify access tokens. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers and sessions")
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
    @Operation(operationId = "registerCustomer", summary = "Register a customer, with a first wallet")
    @APIResponse(responseCode = "201", description = "Registered: the customer and their wallet.",
            headers = @Header(name = "Location", description = "The new customer's profile: /api/v1/me.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Registration.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or invalid, or not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "409", description = "The phone number is already registered.",
            extensions = @Extension(name = "x-problem-codes", value = "PHONE_NUMBER_TAKEN"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "The PIN is too easy to guess, or the number is not South African.",
            extensions = @Extension(name = "x-problem-codes", value = "WEAK_PIN UNSUPPORTED_PHONE_NUMBER"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
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
    @Operation(operationId = "login", summary = "Log a customer in with phone number and PIN")
    @APIResponse(responseCode = "200", description = "A new session: an access token and a refresh token.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Tokens.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or invalid, or not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "401", description = "The phone number or PIN is wrong.",
            extensions = @Extension(name = "x-problem-codes", value = "INVALID_CREDENTIALS"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "The number is not South African.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_PHONE_NUMBER"))
    @APIResponse(responseCode = "429", description = "Too many wrong PINs in a row; wait before the next try.",
            headers = @Header(name = "Retry-After", description = "Seconds until the next try is taken.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "TOO_MANY_ATTEMPTS"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Tokens login(Requests.Login body, @Parameter(hidden = true) @Context HttpHeaders headers,
                        @Parameter(hidden = true) @Context io.vertx.core.http.HttpServerRequest http) {
        Requests.Login request = Requests.required(body);
        return sessions.login(request.phoneNumber(), request.pin(), ClientAddresses.of(headers, http));
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshSession", summary = "Exchange a refresh token for new tokens",
            description = "The refresh token is rotated: the one sent is used up. Sending a used one again revokes the session.")
    @APIResponse(responseCode = "200", description = "New tokens of the same session.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Tokens.class)))
    @APIResponse(responseCode = "400", description = "refreshToken is missing or invalid, or a field is not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "401", description = "The refresh token cannot be used; log in again.",
            extensions = @Extension(name = "x-problem-codes",
                    value = "REFRESH_TOKEN_INVALID REFRESH_TOKEN_REUSED SESSION_EXPIRED"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Tokens refresh(Requests.Refresh body) {
        return sessions.refresh(Requests.refreshToken(body));
    }

    /**
     * Revokes the session of the given refresh token (an addition to API.md). The refresh token is the proof here;
     * the gateway asks for the session's access token too (it routes every other /auth path to customers).
     */
    @POST
    @Path("/logout")
    @SecurityRequirement(name = "bearer")
    // No body on success: a client that accepts only problems (as generated clients do for a 204) is answered too.
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "logout", summary = "End the session of a refresh token",
            description = "Revokes the whole session; its access tokens are refused from then on. An unknown refresh token"
                    + " gets the same answer.")
    @APIResponse(responseCode = "204", description = "The session is revoked (or there was none).")
    @APIResponse(responseCode = "400", description = "refreshToken is missing or invalid, or a field is not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Response logout(Requests.Refresh body) {
        sessions.logout(Requests.refreshToken(body));
        return Response.noContent().build();
    }

    /** The JWKS that the gateway and the services verify access tokens with (public keys only). */
    @GET
    @Path("/jwks.json")
    @Operation(operationId = "getSigningKeys", summary = "The public keys that verify access tokens (JWKS)",
            description = "During a key rotation it holds the previous key as well.")
    @APIResponse(responseCode = "200", description = "The JSON Web Key Set (RFC 7517) of the access-token signing keys.",
            headers = @Header(name = "Cache-Control", description = "public, max-age=300",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "keys",
                    properties = @SchemaProperty(name = "keys", type = SchemaType.ARRAY, implementation = Object.class,
                            description = "RSA public keys: RFC 7517 JWKs with kty \"RSA\", kid, use \"sig\","
                                    + " alg \"RS256\", n, e."))))
    public Response jwks() {
        return Response.ok(keys.jwksJson(), MediaType.APPLICATION_JSON).header("Cache-Control", "public, max-age=300").build();
    }
}
