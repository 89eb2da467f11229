package io.moolah.gateway.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which upstream service owns which public path (../shared/API.md). Paths are forwarded unchanged. */
public final class RouteTable {
    public static final String ACCOUNT = "account";
    public static final String TRANSACTION = "transaction";
    public static final String PAYMENT = "payment";
    public static final String CACHE = "cache";

    private record Route(Pattern path, boolean readsOnly, String upstream) {
    }

    private static final List<Route> ROUTES = List.of(
            route("/api/v1/auth/.+", false, ACCOUNT),
            route("/api/v1/me", false, ACCOUNT),
            route("/api/v1/admin/(customers|wallets)/.+", false, ACCOUNT),
            // Balance and recent activity are read from the cache-service's read model (L3: the ledger).
            route("/api/v1/wallets/[^/]+/(balance|transactions)", true, CACHE),
            route("/api/v1/(transfers|holds)(/.*)?", false, TRANSACTION),
            route("/api/v1/admin/(transactions|adjustments)(/.*)?", false, TRANSACTION),
            route("/api/v1/(topups|qr-payments|payments|webhooks)(/.*)?", false, PAYMENT),
            route("/api/v1/admin/reconciliations(/.*)?", false, PAYMENT));

    private RouteTable() {
    }

    private static Route route(String regex, boolean readsOnly, String upstream) {
        return new Route(Pattern.compile(regex), readsOnly, upstream);
    }

    /** The upstream that serves {@code method path}, if any. */
    public static Optional<String> upstreamFor(String method, String path) {
        for (Route route : ROUTES) {
            if (route.path().matcher(path).matches()) {
                if (route.readsOnly() && !"GET".equals(method) && !"HEAD".equals(method)) {
                    return Optional.empty();
                }
                return Optional.of(route.upstream());
            }
        }
        return Optional.empty();
    }
}
