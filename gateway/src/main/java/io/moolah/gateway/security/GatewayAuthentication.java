package io.moolah.gateway.security;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RouteTable.Access;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.platform.security.BearerTokens;
import io.moolah.platform.security.Caller;
import io.moolah.platform.security.TokenVerifier;
import io.moolah.platform.web.ProblemException;
import io.netty.handler.codec.http.HttpHeaderNames;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Checks the bearer token before anything reaches a service: signature against the account-service's published keys
 * (an unknown key id fetches the key set again, which is how a rotation arrives), expiry, issuer and audience, as
 * {@link TokenVerifier} does in every service. Operator routes also need the operator role. A token seen before is
 * answered from memory on the event loop; a new one is verified on a worker thread (a key fetch may block).
 */
@Singleton
public class GatewayAuthentication {
    private static final Logger LOG = Logger.getLogger(GatewayAuthentication.class);

    @Inject
    TokenVerifier verifier;

    @Inject
    RevokedSessions revokedSessions;

    public void authenticate(Exchange exchange) {
        Route route = exchange.route();
        if (route.access() == Access.PUBLIC) {
            exchange.next();
            return;
        }
        String authorization = exchange.header(HttpHeaderNames.AUTHORIZATION);
        long now = System.currentTimeMillis();
        // A client's connection usually carries one customer: its header, as sent, is compared with the last one.
        Caller known = exchange.connection().rememberedCaller(authorization, now);
        if (known == null) {
            TokenVerifier.Verified verified = verifier.rememberedUntil(authorization);
            if (verified != null) {
                known = verified.caller();
                exchange.connection().rememberCaller(authorization, known, verified.expiresAtMillis());
            }
        }
        if (known != null) {
            admit(exchange, route, known);
            return;
        }
        String token = BearerTokens.of(authorization);
        if (token == null || token.isEmpty()) {
            GatewayProblems.send(exchange, 401, "UNAUTHENTICATED", "Unauthenticated", "A bearer access token is required.");
            return;
        }
        exchange.context().<Caller>executeBlocking(() -> verifier.verify(authorization), false).onComplete(verified -> {
            if (verified.succeeded()) {
                admit(exchange, route, verified.result());
            } else if (verified.cause() instanceof ProblemException problem) {
                GatewayProblems.send(exchange, problem.status(), problem.code(), "Unauthenticated", problem.getMessage());
            } else {
                LOG.warnf("cannot verify an access token: %s", verified.cause().toString());
                GatewayProblems.send(exchange, 503, "AUTHENTICATION_UNAVAILABLE", "Service unavailable",
                        "Access tokens cannot be checked now; try again.");
            }
        });
    }

    private void admit(Exchange exchange, Route route, Caller caller) {
        if (exchange.ended()) {
            return;
        }
        if (revokedSessions.isRevoked(caller.sessionId())) {
            GatewayProblems.send(exchange, 401, "TOKEN_REVOKED", "Unauthenticated",
                    "This session has been signed out; log in again.");
            return;
        }
        if (route.access() == Access.OPERATOR && !caller.isOperator()) {
            GatewayProblems.send(exchange, 403, "FORBIDDEN", "Forbidden", "This needs the operator role.");
            return;
        }
        exchange.caller(caller);
        exchange.next();
    }

}
