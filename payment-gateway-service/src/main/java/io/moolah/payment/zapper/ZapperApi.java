package io.moolah.payment.zapper;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.platform.outbound.UpstreamServerError;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
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

import java.util.UUID;

/**
 * Zapper's platform API on the wire (docs/providers/zapper.md). The login and the reads are tried again after a
 * connection failure or a 5xx. Reporting a payment is not: Zapper keeps it once per our reference, so it would be
 * safe, but a payment whose answer is late or lost is already a stuck payment that recovery settles with a status
 * query (QrPaymentService), and waiting through retries of a slow Zapper would only hold the customer longer. A
 * circuit breaker per call fails it at once for 5 s while Zapper keeps failing. Answers other than 5xx come back
 * as they are.
 */
@RegisterRestClient(configKey = "zapper")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ZapperApi {
    String API_KEY = "x-api-key";

    @POST
    @Path("/v1/auth/service/login")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response login(@HeaderParam(API_KEY) String apiKey, JsonNode credentials);

    /** {@code code}: the QR code's text in base64, already percent-encoded (its {@code /}, {@code +} and {@code =}). */
    @GET
    @Path("/v1/codes/{code}")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response decode(@HeaderParam(API_KEY) String apiKey, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
                    @Encoded @PathParam("code") String code);

    @POST
    @Path("/v1/payments")
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response pay(@HeaderParam(API_KEY) String apiKey, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, JsonNode payment);

    @GET
    @Path("/v1/payments/{reference}")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response status(@HeaderParam(API_KEY) String apiKey, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
                    @PathParam("reference") UUID reference);

    @GET
    @Path("/v1/payments")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    Response payments(@HeaderParam(API_KEY) String apiKey, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
                      @QueryParam("page") int page, @QueryParam("pageSize") int pageSize);

    @ClientExceptionMapper
    static RuntimeException serverErrors(Response response) {
        return UpstreamServerError.of("Zapper", response);
    }
}
