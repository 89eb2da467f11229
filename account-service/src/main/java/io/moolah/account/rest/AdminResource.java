package io.moolah.account.rest;

import io.moolah.account.model.Wallet;
import io.moolah.account.service.CustomerAdminService;
import io.moolah.account.service.KycTiers;
import io.moolah.account.service.Profile;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The operator's controls. Customers get 403 here. */
@Path("/api/v1/admin")
@Authenticated(operator = true)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operators")
@SecurityRequirement(name = "bearer")
public class AdminResource {

    @Inject
    CustomerAdminService customers;

    /** A listing of at most one: an operator finds a customer by the phone number they give (the console's search). */
    @Schema(name = "CustomerSearchResult", requiredProperties = {"items"})
    public record CustomerSearch(@Schema(description = "The customer with that phone number, or none.") List<Profile> items) {
    }

    @GET
    @Path("/customers")
    @Operation(operationId = "findCustomers", summary = "Find a customer by phone number",
            description = "The number is read as at registration (+27821234567, 0821234567, spaces allowed). The answer "
                    + "lists the one customer with it, as GET /me shapes a profile, or none.")
    @APIResponse(responseCode = "200", description = "The customer with that number, or an empty list.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerSearch.class)))
    @APIResponse(responseCode = "400", description = "phoneNumber is missing or is not a phone number.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "422", description = "A number of another country (none can register).",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_PHONE_NUMBER"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public CustomerSearch findCustomers(
            @Parameter(description = "The customer's phone number.", required = true, example = "+27821234567")
            @QueryParam("phoneNumber") String phoneNumber) {
        return new CustomerSearch(customers.findByPhoneNumber(phoneNumber).map(List::of).orElse(List.of()));
    }

    @POST
    @Path("/customers/{customerId}/kyc")
    @Operation(operationId = "changeKycTier", summary = "Set a customer's KYC tier (0 to 3), and so their limits",
            description = "The new limits reach the ledger and the payment service moments later (through account.events)."
                    + " Setting the tier the customer already has changes nothing.")
    @APIResponse(responseCode = "200", description = "The customer's profile, as GET /me shapes it.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Profile.class)))
    @APIResponse(responseCode = "400", description = "tier is missing or not 0 to 3, or a field is not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such customer.",
            extensions = @Extension(name = "x-problem-codes", value = "CUSTOMER_NOT_FOUND"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Profile changeTier(
            @Parameter(description = "The customer's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("customerId") String customerId, Requests.ChangeTier body) {
        int tier = KycTiers.requireValid(Requests.required(body).tier());
        return customers.changeTier(uuid(customerId, "CUSTOMER_NOT_FOUND"), tier);
    }

    @POST
    @Path("/wallets/{walletId}/freeze")
    @Operation(operationId = "freezeWallet", summary = "Freeze a wallet",
            description = "Recorded here at once; the ledger and the payment service refuse the wallet's money movement"
                    + " moments later (through account.events). A wallet already FROZEN stays so and nothing is published.")
    @APIResponse(responseCode = "200", description = "The wallet, now FROZEN.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Profile.WalletSummary.class)))
    @APIResponse(responseCode = "400", description = "reason is missing or invalid, or a field is not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such wallet.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "The wallet is closed; its status cannot change.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_CLOSED"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Profile.WalletSummary freeze(
            @Parameter(description = "The wallet's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("walletId") String walletId, Requests.ChangeStatus body) {
        return customers.setStatus(uuid(walletId, "WALLET_NOT_FOUND"), Wallet.Status.FROZEN, Requests.required(body).reason());
    }

    @POST
    @Path("/wallets/{walletId}/unfreeze")
    @Operation(operationId = "unfreezeWallet", summary = "Unfreeze a wallet",
            description = "Recorded here at once; the ledger and the payment service accept the wallet's money movement"
                    + " again moments later (through account.events). A wallet already ACTIVE stays so and nothing is"
                    + " published.")
    @APIResponse(responseCode = "200", description = "The wallet, now ACTIVE.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Profile.WalletSummary.class)))
    @APIResponse(responseCode = "400", description = "reason is missing or invalid, or a field is not a known one.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such wallet.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "The wallet is closed; its status cannot change.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_CLOSED"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Profile.WalletSummary unfreeze(
            @Parameter(description = "The wallet's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("walletId") String walletId, Requests.ChangeStatus body) {
        return customers.setStatus(uuid(walletId, "WALLET_NOT_FOUND"), Wallet.Status.ACTIVE, Requests.required(body).reason());
    }

    /** A malformed id names nothing: 404, as for an unknown one. */
    private static UUID uuid(String value, String notFoundCode) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(notFoundCode, "No such resource.");
        }
    }
}
