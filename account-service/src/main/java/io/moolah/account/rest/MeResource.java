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

@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CallerContext caller;

    @Inject
    CustomerAdminService customers;

    @GET
    public Profile me() {
        return customers.profile(caller.get().customerId());
    }
}
