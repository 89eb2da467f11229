package io.moolah.cache.layer;

import io.moolah.platform.outbound.UpstreamServerError;
import io.moolah.platform.web.MinVersion;
import io.moolah.platform.web.RequestIds;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.UUID;

/**
 * The transaction-service's read endpoints that L3 asks, as the caller (their token and request id), with the version
 * the answer must have reached ({@code Min-Version}, absent when null: the ledger reads its replicas and goes to its
 * primary when they are behind it). Both are reads,
 * so a connection failure or a 5xx is tried once more after a short pause; a circuit breaker on each read answers at once
 * while the ledger is down instead of every read waiting for its timeout. The URL and timeouts are in
 * application.properties ({@code quarkus.rest-client.ledger.*}).
 */
@RegisterRestClient(configKey = "ledger")
public interface LedgerApi {

    @GET
    @Path("/api/v1/wallets/{walletId}/balance")
    @Retry(maxRetries = 1, delay = 50, jitter = 25, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 1000, successThreshold = 2)
    Response balance(@PathParam("walletId") UUID walletId, @RestQuery MultivaluedMap<String, String> query,
                     @HeaderParam(MinVersion.HEADER) String minVersion,
                     @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                     @HeaderParam(RequestIds.HEADER) String requestId);

    @GET
    @Path("/api/v1/wallets/{walletId}/transactions")
    @Retry(maxRetries = 1, delay = 50, jitter = 25, retryOn = {ProcessingException.class, UpstreamServerError.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 1000, successThreshold = 2)
    Response transactions(@PathParam("walletId") UUID walletId, @RestQuery MultivaluedMap<String, String> query,
                          @HeaderParam(MinVersion.HEADER) String minVersion,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam(RequestIds.HEADER) String requestId);

    @ClientExceptionMapper
    static RuntimeException serverErrors(Response response) {
        return UpstreamServerError.of("the ledger", response);
    }
}
