package io.moolah.platform.outbound;

import jakarta.ws.rs.core.Response;

/**
 * A 5xx from a service or provider we called: the one answer our REST clients turn into an exception, so that fault
 * tolerance (retries where a call is safe to repeat, circuit breakers) counts it as a failure. Every other answer,
 * 4xx included, comes back to the caller as it is: a refusal is an answer, not a fault.
 *
 * <p>Each REST client interface names it in its {@code @ClientExceptionMapper}: {@code return UpstreamServerError.of(response);}.
 */
public final class UpstreamServerError extends RuntimeException {
    private final int status;

    public UpstreamServerError(String upstream, int status) {
        super(upstream + " answered " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The exception for a 5xx answer, or null for any other (which the client returns as it came). */
    public static UpstreamServerError of(String upstream, Response response) {
        return response.getStatus() >= 500 ? new UpstreamServerError(upstream, response.getStatus()) : null;
    }
}
