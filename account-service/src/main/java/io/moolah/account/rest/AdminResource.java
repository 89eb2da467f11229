package io.moolah.account.rest;

import io.moolah.account.model.Wallet;
import io.moolah.account.service.CustomerAdminService;
import io.moolah.account.service.KycTiers;
import io.moolah.account.service.Profile;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** The operator's controls. Customers get 403 here. */
@Path("/api/v1/admin")
@Authenticated(operator = true)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    CustomerAdminService customers;

    @POST
    @Path("/customers/{customerId}/kyc")
    public Profile changeTier(@PathParam("customerId") String customerId, Requests.ChangeTier body) {
        int tier = KycTiers.requireValid(Requests.required(body).tier());
        return customers.changeTier(uuid(customerId, "CUSTOMER_NOT_FOUND"), tier);
    }

    @POST
    @Path("/wallets/{walletId}/freeze")
    public Profile.WalletSummary freeze(@PathParam("walletId") String walletId, Requests.ChangeStatus body) {
        return customers.setStatus(uuid(walletId, "WALLET_NOT_FOUND"), Wallet.Status.FROZEN, Requests.required(body).reason());
    }

    @POST
    @Path("/wallets/{walletId}/unfreeze")
    public Profile.WalletSummary unfreeze(@PathParam("walletId") String walletId, Requests.ChangeStatus body) {
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
