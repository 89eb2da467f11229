package io.moolah.account.rest;

import io.moolah.account.service.CustomerAdminService;
import io.moolah.account.service.Profile;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers and sessions")
@SecurityRequirement(name = "bearer")
public class MeResource {

    @Inject
    CallerContext caller;

    @Inject
    CustomerAdminService customers;

    @GET
    @Operation(operationId = "getProfile", summary = "The caller's profile: KYC tier, limits and wallets")
    @APIResponse(responseCode = "200", description = "The caller's profile.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Profile.class)))
    @APIResponse(responseCode = "404", description = "The token names no customer (an operator's token, say).",
            extensions = @Extension(name = "x-problem-codes", value = "CUSTOMER_NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Profile me() {
        return customers.profile(caller.get().customerId());
    }
}
