package io.moolah.payment.ledger;

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
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.temporal.ChronoUnit;

/**
 * The transaction-service's endpoints the payment service calls. Both are safe to repeat, so both are tried again
 * after a connection failure or a 5xx: placing a hold is keyed ({@code Idempotency-Key}: the same key never holds
 * twice) and the clearing account's entries are a read. A circuit breaker per call. A hold waits at most
 * 10 s per try (the clearing report, a whole day of entries, up to the client's 20 s read timeout).
 */
@RegisterRestClient(configKey = "ledger")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface LedgerApi {

    @POST
    @Path("/internal/v1/payment-holds")
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 2000, successThreshold = 2)
    Response placeHold(@HeaderParam(HttpHeaders.AUTHORIZATION) String serviceCredential,
                       @HeaderParam("Idempotency-Key") String idempotencyKey, JsonNode hold);

    @GET
    @Path("/api/v1/admin/clearing/{provider}/entries")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 2000, successThreshold = 2)
    Response clearingEntries(@HeaderParam(HttpHeaders.AUTHORIZATION) String operatorToken, @PathParam("provider") String provider,
                             @QueryParam("currency") String currency, @QueryParam("date") String date);

    @ClientExceptionMapper
    static RuntimeException serverErrors(Response response) {
        return UpstreamServerError.of("the ledger", response);
    }
}
