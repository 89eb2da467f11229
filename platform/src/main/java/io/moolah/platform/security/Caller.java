package io.moolah.platform.security;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Who is calling, from a verified access token. */
public record Caller(UUID customerId, List<UUID> walletIds, Set<String> roles, String sessionId) {
    public static final String OPERATOR = "operator";
    public static final String CUSTOMER = "customer";

    public boolean isOperator() {
        return roles.contains(OPERATOR);
    }

    public boolean owns(UUID walletId) {
        return walletIds.contains(walletId);
    }
}
