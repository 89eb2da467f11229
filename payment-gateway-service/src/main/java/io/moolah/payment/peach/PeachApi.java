package io.moolah.payment.peach;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.platform.outbound.UpstreamServerError;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Peach Payments' endpoints we call (docs/providers/peach.md), on the wire. Reads and the token request are tried
 * again after a connection failure or a 5xx; creating a checkout and refunding never are (Peach has no idempotency key
 * for them: a retry could open a second checkout or refund twice). Each call has a circuit
 * breaker (SmallRye Fault Tolerance keeps one per method): while Peach fails, calls fail at once for 5 s instead of
 * each waiting for its timeout. Answers other than
 * 5xx come back as they are, for {@link PeachClient} to read.
 */
@RegisterRestClient(configKey = "peach")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface PeachApi {

    @POST
    @Path("/api/oauth/token")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response token(JsonNode credentials);

    @POST
    @Path("/v2/checkout")
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response createCheckout(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @HeaderParam("Referer") String referer,
                            JsonNode checkout);

    @GET
    @Path("/v2/checkout/{checkoutId}/status")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response status(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("checkoutId") String checkoutId);

    @GET
    @Path("/api/merchants/{merchantId}/transactions-recon")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response report(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("merchantId") String merchantId,
                    @QueryParam("startDate") String startDate, @QueryParam("endDate") String endDate);

    @POST
    @Path("/v1/checkout/refund")
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response refund(JsonNode signedRefund);

    @ClientExceptionMapper
    static RuntimeException serverErrors(Response response) {
        return UpstreamServerError.of("Peach", response);
    }
}
