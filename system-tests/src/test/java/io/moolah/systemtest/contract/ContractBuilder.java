package io.moolah.systemtest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The public contract from the services' own OpenAPI documents (docs/contract.md): their {@code /api/v1} paths, each
 * with the service the gateway routes it to ({@code x-moolah-service}), their schemas (a name given twice must mean the
 * same schema), and the problems the gateway answers itself before any service.
 */
public final class ContractBuilder {
    public static final String SERVICE = "x-moolah-service";
    public static final String PROBLEM_CODES = "x-problem-codes";
    public static final String GATEWAY = "gateway";

    /** Paths more than one service serves, and which one the gateway sends them to. */
    private static final Map<String, String> OWNERS = Map.of(
            "/api/v1/wallets/{walletId}/balance", "cache-service",
            "/api/v1/wallets/{walletId}/transactions", "cache-service");

    /**
     * The operator audit and dead letters are one resource in every service; the gateway routes each area to its own
     * service, so the contract has one path per area.
     */
    private static final List<String> AREA_PATHS = List.of("/api/v1/admin/audit/{area}", "/api/v1/admin/dead-letters/{area}",
            "/api/v1/admin/dead-letters/{area}/{id}/replay");
    private static final Map<String, String> AREAS = Map.of(
            "account-service", "accounts", "transaction-service", "ledger", "payment-gateway-service", "payments");

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> paths = new TreeMap<>();
    private final Map<String, String> pathOwners = new LinkedHashMap<>();
    private final Map<String, JsonNode> schemas = new TreeMap<>();
    private final Map<String, JsonNode> securitySchemes = new TreeMap<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final List<String> conflicts = new ArrayList<>();

    /** Adds one service's document (as it serves it at {@code /q/openapi?format=json}). */
    public ContractBuilder add(String service, JsonNode document) {
        document.path("paths").fields().forEachRemaining(entry -> {
            String path = entry.getKey();
            if (!path.startsWith("/api/v1/")) {
                return; // internal paths (/internal/v1) are not routed publicly
            }
            if (AREA_PATHS.contains(path)) {
                String area = AREAS.get(service);
                addPath(service, path.replace("{area}", area), areaOperations((ObjectNode) entry.getValue().deepCopy(), area));
                return;
            }
            String owner = OWNERS.get(path);
            if (owner != null && !owner.equals(service)) {
                return; // served here too, but never reached through the gateway
            }
            addPath(service, path, (ObjectNode) entry.getValue().deepCopy());
        });
        JsonNode components = document.path("components");
        components.path("schemas").fields().forEachRemaining(entry -> merge(schemas, "schema", entry.getKey(), entry.getValue()));
        components.path("securitySchemes").fields().forEachRemaining(entry ->
                merge(securitySchemes, "security scheme", entry.getKey(), entry.getValue()));
        document.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        return this;
    }

    /** The public document, or an exception naming every conflict between the services' documents. */
    public ObjectNode build() {
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("The services' documents disagree:\n  " + String.join("\n  ", conflicts));
        }
        ObjectNode document = JSON.objectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Moolah Treasury Platform API");
        info.put("version", "1.1");
        info.put("description", "The public HTTP contract, through the gateway. Money is an integer amount in minor units "
                + "with an ISO-4217 currency; errors are RFC 9457 problems whose stable `code` each response lists "
                + "(x-problem-codes). Mutating money calls take an Idempotency-Key. Every answer carries X-Request-Id.");
        info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        document.putArray("servers").addObject().put("url", "/").put("description", "The gateway that served this document");
        tags.add("Documentation");
        ArrayNode tagList = document.putArray("tags");
        tags.stream().sorted().forEach(tag -> tagList.addObject().put("name", tag));
        ObjectNode pathsNode = document.putObject("paths");
        paths.put("/api/v1/openapi.json", contractOperation());
        paths.put("/api/v1/admin/metrics", liveTrafficOperation());
        LIVE_TRAFFIC_SCHEMAS.fields().forEachRemaining(entry -> schemas.put(entry.getKey(), entry.getValue()));
        paths.forEach((path, item) -> {
            gatewayProblems(path, item);
            pathsNode.set(path, item);
        });
        ObjectNode components = document.putObject("components");
        ObjectNode schemaNode = components.putObject("schemas");
        Set<String> used = referencedSchemas(pathsNode);
        schemas.forEach((name, schema) -> {
            if (used.contains(name)) {
                schemaNode.set(name, schema); // those of internal paths only stay out
            }
        });
        ObjectNode schemeNode = components.putObject("securitySchemes");
        securitySchemes.forEach(schemeNode::set);
        return document;
    }

    /** The schemas the paths name, and the ones those name, to the end. */
    private Set<String> referencedSchemas(JsonNode paths) {
        Set<String> used = new LinkedHashSet<>();
        List<JsonNode> toVisit = new ArrayList<>(List.of(paths));
        while (!toVisit.isEmpty()) {
            JsonNode node = toVisit.remove(toVisit.size() - 1);
            JsonNode ref = node.get("$ref");
            if (node.isObject() && ref != null && ref.isTextual()) {
                String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
                if (used.add(name) && schemas.containsKey(name)) {
                    toVisit.add(schemas.get(name));
                }
            }
            node.elements().forEachRemaining(toVisit::add);
        }
        return used;
    }

    private void addPath(String service, String path, ObjectNode item) {
        String earlier = pathOwners.putIfAbsent(path, service);
        if (earlier != null) {
            conflicts.add(path + " is served by " + earlier + " and " + service + " (name its owner in ContractBuilder.OWNERS)");
            return;
        }
        operations(item).forEach(operation -> operation.put(SERVICE, service));
        paths.put(path, item);
    }

    private ObjectNode areaOperations(ObjectNode item, String area) {
        withoutAreaParameter(item);
        for (ObjectNode operation : operations(item)) {
            withoutAreaParameter(operation);
            operation.put("operationId", operation.path("operationId").asText() + Character.toUpperCase(area.charAt(0)) + area.substring(1));
            operation.put("summary", operation.path("summary").asText() + " (" + area + ")");
        }
        return item;
    }

    private static void withoutAreaParameter(ObjectNode node) {
        if (!(node.get("parameters") instanceof ArrayNode parameters)) {
            return;
        }
        for (Iterator<JsonNode> it = parameters.elements(); it.hasNext(); ) {
            JsonNode parameter = it.next();
            if ("path".equals(parameter.path("in").asText()) && "area".equals(parameter.path("name").asText())) {
                it.remove();
            }
        }
        if (parameters.isEmpty()) {
            node.remove("parameters");
        }
    }

    private void merge(Map<String, JsonNode> into, String kind, String name, JsonNode value) {
        JsonNode earlier = into.putIfAbsent(name, value);
        if (earlier != null && !earlier.equals(value)) {
            conflicts.add("the " + kind + " " + name + " means different things in two services: " + earlier + " and " + value);
        }
    }

    /** What the gateway itself can answer before the service (docs/api.md, "The gateway answers some problems itself"). */
    private static void gatewayProblems(String path, ObjectNode item) {
        for (ObjectNode operation : operations(item)) {
            boolean gateway = GATEWAY.equals(operation.path(SERVICE).asText());
            boolean own = gateway && !operation.has("security");
            ObjectNode responses = operation.with("responses");
            addProblems(responses, "400", "The path or query is not in its plain form.", List.of("MALFORMED_PATH", "MALFORMED_REQUEST_TARGET"));
            addProblems(responses, "403", "A browser page from an origin that may not call the API.", List.of("ORIGIN_NOT_ALLOWED"));
            if (own) {
                continue; // answered before the rate limiter, from memory
            }
            addProblems(responses, "429", "Over the rate limit; Retry-After says when to try again.", List.of("RATE_LIMITED"));
            if (operation.has("security")) {
                addProblems(responses, "503", "The gateway cannot fetch the token-signing keys.", List.of("AUTHENTICATION_UNAVAILABLE"));
            }
            if (path.startsWith("/api/v1/admin/") && operation.has("security")) {
                addProblems(responses, "403", "Operators only.", List.of("FORBIDDEN"));
            }
            if (gateway) {
                continue; // answered after the token and the rate limit, with no service behind it
            }
            if (operation.has("requestBody")) {
                addProblems(responses, "413", "The body is over 1 MiB (64 KiB for a provider notification).", List.of("PAYLOAD_TOO_LARGE"));
                addProblems(responses, "408", "The body did not arrive whole within 10 s; the connection closes.", List.of("REQUEST_TIMEOUT"));
            }
            if (operation.path("requestBody").path("content").has("application/json")) {
                addProblems(responses, "415", "An API body that is not JSON.", List.of("UNSUPPORTED_MEDIA_TYPE"));
            }
            if (hasIdempotencyKey(operation)) {
                addProblems(responses, "400", "Two Idempotency-Key headers.", List.of("INVALID_IDEMPOTENCY_KEY"));
            }
            addProblems(responses, "503", "No instance of the service is available, or its circuit is open (Retry-After).",
                    List.of("UPSTREAM_UNAVAILABLE", "UPSTREAM_CIRCUIT_OPEN"));
            addProblems(responses, "504", "The service did not answer in time.", List.of("UPSTREAM_TIMEOUT"));
        }
    }

    /** Adds a problem response with these codes, or the codes to the one there, as ContractConventions does. */
    static void addProblems(ObjectNode responses, String status, String description, List<String> codes) {
        ObjectNode response = (ObjectNode) responses.get(status);
        Set<String> all = new LinkedHashSet<>();
        if (response == null) {
            response = responses.putObject(status);
            response.put("description", description);
        } else {
            response.path(PROBLEM_CODES).forEach(code -> all.add(code.asText()));
        }
        all.addAll(codes);
        ArrayNode list = response.putArray(PROBLEM_CODES);
        all.forEach(list::add);
        String text = response.path("description").asText();
        int named = text.indexOf(" Codes: ");
        if (named >= 0) {
            text = text.substring(0, named);
        }
        response.put("description", (text + " Codes: " + String.join(", ", all) + ".").strip());
        ObjectNode content = response.putObject("content");
        content.putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
        // Keep the response's keys in one order whatever added them first.
        JsonNode codesNode = response.remove(PROBLEM_CODES);
        JsonNode contentNode = response.remove("content");
        response.set("content", contentNode);
        response.set(PROBLEM_CODES, codesNode);
        sortByStatus(responses);
    }

    private static void sortByStatus(ObjectNode responses) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        responses.fields().forEachRemaining(entry -> sorted.put(entry.getKey(), entry.getValue()));
        responses.removeAll();
        sorted.forEach(responses::set);
    }

    private static boolean hasIdempotencyKey(ObjectNode operation) {
        for (JsonNode parameter : operation.path("parameters")) {
            if ("header".equals(parameter.path("in").asText()) && "Idempotency-Key".equalsIgnoreCase(parameter.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The operator console's live panel, answered by the gateway from the traffic it carried (metrics/LiveTraffic). */
    private static ObjectNode liveTrafficOperation() {
        return (ObjectNode) json("""
                {"get": {
                  "tags": ["Operators"],
                  "summary": "Requests, errors and latency per service over the last seconds, as this gateway carried them",
                  "description": "Answered by the gateway itself from a ring of one-second slots; with several gateway replicas each reports its own share. A percentile is the upper bound of the latency bucket it falls in. The current second is not included until it is whole.",
                  "operationId": "getLiveTraffic",
                  "parameters": [{"name": "seconds", "in": "query", "description": "The window: 1 to 60 whole seconds; 60 unless given.",
                    "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 60, "default": 60}}],
                  "responses": {
                    "200": {"description": "Each service's traffic, then the gateway's own answers (service gateway).",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LiveTraffic"}}}},
                    "400": {"description": "seconds is not a whole number from 1 to 60.", "x-problem-codes": ["VALIDATION_FAILED"],
                      "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                    "401": {"description": "No valid token: missing, malformed, expired or revoked.",
                      "x-problem-codes": ["UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED"],
                      "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                  },
                  "security": [{"bearer": []}],
                  "x-moolah-service": "gateway"
                }}""");
    }

    private static final JsonNode LIVE_TRAFFIC_SCHEMAS = json("""
            {"LiveTraffic": {"type": "object", "required": ["at", "seconds", "services"], "properties": {
               "at": {"type": "string", "format": "date-time", "description": "When the figures were taken."},
               "seconds": {"type": "integer", "format": "int32", "description": "The window, in whole seconds before the current one."},
               "services": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceTraffic"},
                 "description": "account-service, transaction-service, payment-gateway-service, cache-service, then gateway."}}},
             "ServiceTraffic": {"type": "object",
               "required": ["service", "requests", "requestsPerSecond", "clientErrors", "serverErrors", "seconds"], "properties": {
               "service": {"type": "string", "description": "The service the requests were routed to, or gateway for its own answers."},
               "requests": {"type": "integer", "format": "int64", "description": "Requests answered in the window."},
               "requestsPerSecond": {"type": "number", "description": "Requests per second over the window, to one decimal."},
               "clientErrors": {"type": "integer", "format": "int64", "description": "Answers 400 to 499."},
               "serverErrors": {"type": "integer", "format": "int64", "description": "Answers 500 to 599."},
               "p50Ms": {"type": ["number", "null"], "description": "Median latency at the gateway (ms); null with no requests."},
               "p95Ms": {"type": ["number", "null"], "description": "95th percentile (ms); null with no requests."},
               "p99Ms": {"type": ["number", "null"], "description": "99th percentile (ms); null with no requests."},
               "seconds": {"type": "array", "items": {"$ref": "#/components/schemas/TrafficSecond"}, "description": "Each second of the window, oldest first."}}},
             "TrafficSecond": {"type": "object", "required": ["at", "requests", "clientErrors", "serverErrors"], "properties": {
               "at": {"type": "integer", "format": "int64", "description": "The second's start, in seconds since the epoch."},
               "requests": {"type": "integer", "format": "int64"},
               "clientErrors": {"type": "integer", "format": "int64"},
               "serverErrors": {"type": "integer", "format": "int64"},
               "p99Ms": {"type": ["number", "null"], "description": "That second's 99th percentile (ms); null with no requests."}}}}""");

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document's own path, answered by the gateway. */
    private static ObjectNode contractOperation() {
        ObjectNode item = JSON.objectNode();
        ObjectNode get = item.putObject("get");
        get.putArray("tags").add("Documentation");
        get.put("summary", "This document: the whole public contract as OpenAPI 3.1");
        get.put("operationId", "getContract");
        ObjectNode ok = get.putObject("responses").putObject("200");
        ok.put("description", "The contract");
        ok.putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        get.put(SERVICE, GATEWAY);
        return item;
    }

    static List<ObjectNode> operations(JsonNode item) {
        List<ObjectNode> operations = new ArrayList<>();
        for (String method : METHODS) {
            if (item.get(method) instanceof ObjectNode operation) {
                operations.add(operation);
            }
        }
        return operations;
    }
}
