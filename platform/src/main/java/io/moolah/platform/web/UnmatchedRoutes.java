package io.moolah.platform.web;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Paths that no resource serves get the same problem+json 404 as everything else, not the router's plain text. */
@ApplicationScoped
public class UnmatchedRoutes {

    void install(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(context -> {
            Problem problem = Problem.of(404, "NOT_FOUND", "Not found", "No such resource.", null)
                    .withInstance(context.request().path());
            context.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        });
    }
}
