package io.moolah.gateway.exchange;

import io.vertx.core.http.HttpServerRequest;

/** What is left of a refused request's body: read and dropped, so the client reads the answer and keeps its connection. */
public final class UnreadBodies {
    private UnreadBodies() {
    }

    /** Reads what is left of a refused body and drops it; nothing refers to the bytes kept so far any more. */
    public static void drop(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        try {
            request.handler(chunk -> {
            });
            request.endHandler(null);
            request.resume();
        } catch (IllegalStateException e) {
            // Already over (its connection closed, say): nothing left to drop.
        }
    }
}
