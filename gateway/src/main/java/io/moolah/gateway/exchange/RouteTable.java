package io.moolah.gateway.exchange;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which upstream service owns which public path (../shared/API.md), who may call it, and which address limit applies.
 * Paths are forwarded unchanged.
 */
public final class RouteTable {
    public static final String ACCOUNT = "account";
    public static final String TRANSACTION = "transaction";
    public static final String PAYMENT = "payment";
    public static final String CACHE = "cache";
    /** Routes the gateway answers itself, after the token and the rate limit (no service behind them). */
    public static final String GATEWAY = "gateway";

    /** Who may call a route: anyone, a customer with a valid token, or an operator. */
    public enum Access { PUBLIC, CUSTOMER, OPERATOR }

    /** Which per-address bucket a route draws from besides the customer's own. */
    public enum Kind { API, AUTH, WEBHOOK }

    /**
     * A public path, its name (a metrics tag), owner and rules. {@code prefix} is the pattern's literal start, checked
     * before the pattern: most routes are ruled out without running a regular expression.
     */
    public record Route(String name, Pattern path, String prefix, boolean readsOnly, String upstream, Access access, Kind kind) {
        public static boolean isRead(String method) {
            return "GET".equals(method) || "HEAD".equals(method);
        }
    }

    private static final List<Route> ROUTES = List.of(
            route("auth.session", "/api/v1/auth/(register|login|refresh)", false, ACCOUNT, Access.PUBLIC, Kind.AUTH),
            route("auth.keys", "/api/v1/auth/jwks\\.json", true, ACCOUNT, Access.PUBLIC, Kind.API),
            route("auth.other", "/api/v1/auth/.+", false, ACCOUNT, Access.CUSTOMER, Kind.API),
            route("me", "/api/v1/me", false, ACCOUNT, Access.CUSTOMER, Kind.API),
            // Operators sign in with passphrase and one-time code: public, under the strict sign-in limit.
            route("admin.auth", "/api/v1/admin/auth/login", false, ACCOUNT, Access.PUBLIC, Kind.AUTH),
            route("admin.accounts", "/api/v1/admin/(customers(/.+)?|wallets/.+)", false, ACCOUNT, Access.OPERATOR, Kind.API),
            route("admin.audit.accounts", "/api/v1/admin/audit/accounts", true, ACCOUNT, Access.OPERATOR, Kind.API),
            route("admin.audit.ledger", "/api/v1/admin/audit/ledger", true, TRANSACTION, Access.OPERATOR, Kind.API),
            route("admin.audit.payments", "/api/v1/admin/audit/payments", true, PAYMENT, Access.OPERATOR, Kind.API),
            // Dead letters, like the audit, are kept by each service for its own area.
            route("admin.dead-letters.accounts", "/api/v1/admin/dead-letters/accounts(/.*)?", false, ACCOUNT, Access.OPERATOR, Kind.API),
            route("admin.dead-letters.ledger", "/api/v1/admin/dead-letters/ledger(/.*)?", false, TRANSACTION, Access.OPERATOR, Kind.API),
            route("admin.dead-letters.payments", "/api/v1/admin/dead-letters/payments(/.*)?", false, PAYMENT, Access.OPERATOR, Kind.API),
            // Balance and recent activity are read from the cache-service's read model (L3: the ledger).
            route("wallet.reads", "/api/v1/wallets/[^/]+/(balance|transactions)", true, CACHE, Access.CUSTOMER, Kind.API),
            route("transfers", "/api/v1/transfers(/.*)?", false, TRANSACTION, Access.CUSTOMER, Kind.API),
            route("holds", "/api/v1/holds(/.*)?", false, TRANSACTION, Access.CUSTOMER, Kind.API),
            route("admin.ledger", "/api/v1/admin/(transactions|adjustments|clearing|ledger-exceptions|ledger|approvals)(/.*)?", false, TRANSACTION, Access.OPERATOR, Kind.API),
            route("payments", "/api/v1/(topups|qr-payments|payments)(/.*)?", false, PAYMENT, Access.CUSTOMER, Kind.API),
            // Provider notifications: public here, authenticated by the provider's signature in the payment service.
            route("webhooks", "/api/v1/webhooks(/.*)?", false, PAYMENT, Access.PUBLIC, Kind.WEBHOOK),
            // The operator console's live panel: the gateway's own figures (metrics/LiveTraffic).
            route("admin.metrics", "/api/v1/admin/metrics", true, GATEWAY, Access.OPERATOR, Kind.API),
            route("admin.payments", "/api/v1/admin/(reconciliations|payments)(/.*)?", false, PAYMENT, Access.OPERATOR, Kind.API));

    private RouteTable() {
    }

    private static Route route(String name, String regex, boolean readsOnly, String upstream, Access access, Kind kind) {
        return new Route(name, Pattern.compile(regex), literalPrefix(regex), readsOnly, upstream, access, kind);
    }

    /** The characters a pattern starts with before its first special one. */
    static String literalPrefix(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            if ("\\()[]{}.*+?|^$".indexOf(regex.charAt(i)) >= 0) {
                return regex.substring(0, i);
            }
        }
        return regex;
    }

    /** Every route, in the order they are tried. */
    public static List<Route> routes() {
        return ROUTES;
    }

    /** The route that serves {@code method path}, if any. */
    public static Optional<Route> routeFor(String method, String path) {
        for (Route route : ROUTES) {
            if (path.startsWith(route.prefix()) && route.path().matcher(path).matches()) {
                if (route.readsOnly() && !Route.isRead(method)) {
                    return Optional.empty();
                }
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** The upstream that serves {@code method path}, if any. */
    public static Optional<String> upstreamFor(String method, String path) {
        return routeFor(method, path).map(Route::upstream);
    }
}
