package io.moolah.transaction.rest;

import io.moolah.transaction.service.Idempotency;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns a stored or fresh idempotent outcome into the HTTP answer; replays say so in a header. */
final class Responses {
    private Responses() {
    }

    static Response of(Idempotency.Outcome outcome) {
        Response.ResponseBuilder response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON).entity(outcome.body());
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }
}
