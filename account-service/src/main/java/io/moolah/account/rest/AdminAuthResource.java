package io.moolah.account.rest;

import io.moolah.account.service.OperatorSignIn;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' sign-in (API.md): passphrase and one-time code, never the customers' phone and PIN. */
@Path("/api/v1/admin/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operators")
public class AdminAuthResource {

    @Schema(name = "OperatorSignInRequest", requiredProperties = {"operatorId", "passphrase", "otp"})
    public record SignInRequest(@Schema(description = "The operator's id.", format = "uuid") String operatorId,
                                @Schema(description = "16 to 1024 characters.", minLength = 16, maxLength = 1024)
                                String passphrase,
                                @Schema(description = "The current 6-digit code of the authenticator app (RFC 6238 TOTP, SHA-1,"
                                        + " 30 s); each code works once.", pattern = "^[0-9]{6}$") String otp) {
    }

    @Inject
    OperatorSignIn signIn;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "operatorLogin", summary = "Sign an operator in with passphrase and one-time code",
            description = "Gives a short-lived access token with the operator role, and no refresh token.")
    @APIResponse(responseCode = "200", description = "An operator access token.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OperatorSignIn.OperatorToken.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or invalid, or not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "401",
            description = "The operator id, passphrase or one-time code is wrong (or the code was used already).",
            extensions = @Extension(name = "x-problem-codes", value = "INVALID_CREDENTIALS"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "429", description = "Too many wrong tries in a row from this address; wait before the next.",
            headers = @Header(name = "Retry-After", description = "Seconds until the next try is taken.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "TOO_MANY_ATTEMPTS"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public OperatorSignIn.OperatorToken login(SignInRequest body, @Parameter(hidden = true) @Context HttpHeaders headers,
                                              @Parameter(hidden = true) @Context io.vertx.core.http.HttpServerRequest http) {
        if (body == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        return signIn.signIn(body.operatorId(), body.passphrase(), body.otp(), ClientAddresses.of(headers, http));
    }
}
