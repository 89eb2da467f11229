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

/** Operators' sign-in (API.md): passphrase and one-time code, never the customers' phone and PIN. */
@Path("/api/v1/admin/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuthResource {

    public record SignInRequest(String operatorId, String passphrase, String otp) {
    }

    @Inject
    OperatorSignIn signIn;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public OperatorSignIn.OperatorToken login(SignInRequest body, @Context HttpHeaders headers,
                                              @Context io.vertx.core.http.HttpServerRequest http) {
        if (body == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        return signIn.signIn(body.operatorId(), body.passphrase(), body.otp(), ClientAddresses.of(headers, http));
    }
}
