package io.moolah.gateway.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.gateway.exchange.RouteTable.Access;
import io.moolah.gateway.exchange.RouteTable.Route;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published contract (contract/openapi.json, docs/contract.md) and the gateway's routes agree: every operation of
 * the document reaches the service the document names, with the access it says, and every route serves at least one
 * operation of the document. A route without a path in the document, or the reverse, fails here.
 */
class ContractRoutesTest {
    private static final Map<String, String> SERVICES = Map.of(
            RouteTable.ACCOUNT, "account-service", RouteTable.TRANSACTION, "transaction-service",
            RouteTable.PAYMENT, "payment-gateway-service", RouteTable.CACHE, "cache-service", RouteTable.GATEWAY, "gateway");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final String SAMPLE_ID = "0b8f5f5e-0000-4000-8000-000000000000";

    record Operation(String method, String path, String service, boolean secured) {
        /** The path with each parameter given a value, as a client would send it. */
        String samplePath() {
            return path.replaceAll("\\{[^}]+}", SAMPLE_ID);
        }
    }

    private static List<Operation> operations;

    @BeforeAll
    static void readContract() throws IOException {
        JsonNode document;
        try (InputStream in = ContractRoutesTest.class.getClassLoader().getResourceAsStream("contract/openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
        operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(new Operation(method.toUpperCase(), path.getKey(), operation.path("x-moolah-service").asText(),
                            operation.path("security").size() > 0));
                }
            }
        });
        assertTrue(operations.size() > 30, "the contract has the platform's operations: " + operations.size());
    }

    @Test
    void everyOperationIsRoutedToItsServiceWithItsAccess() {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : operations) {
            Optional<Route> route = RouteTable.routeFor(operation.method(), operation.samplePath());
            if ("gateway".equals(operation.service()) && !operation.secured()) {
                if (route.isPresent()) {
                    wrong.add(operation + " is the gateway's own, but routed to " + route.get().name());
                }
                continue;
            }
            if (route.isEmpty()) {
                wrong.add(operation + " has no route");
                continue;
            }
            if (!operation.service().equals(SERVICES.get(route.get().upstream()))) {
                wrong.add(operation + " is routed to " + route.get().upstream());
            }
            boolean routeNeedsToken = route.get().access() != Access.PUBLIC;
            if (routeNeedsToken != operation.secured()) {
                wrong.add(operation + " says " + (operation.secured() ? "a token" : "no token") + ", the route is "
                        + route.get().access());
            }
            if (route.get().access() == Access.OPERATOR && !operation.path().startsWith("/api/v1/admin/")) {
                wrong.add(operation + " is for operators outside /api/v1/admin/");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyRouteServesAnOperationOfTheContract() {
        Set<String> used = new HashSet<>();
        for (Operation operation : operations) {
            RouteTable.routeFor(operation.method(), operation.samplePath()).ifPresent(route -> used.add(route.name()));
        }
        List<String> unused = RouteTable.routes().stream().map(Route::name).filter(name -> !used.contains(name)).toList();
        assertEquals(List.of(), unused, "routes with no operation in the contract");
    }
}
