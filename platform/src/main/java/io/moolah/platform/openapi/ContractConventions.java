package io.moolah.platform.openapi;

import io.moolah.platform.web.IdempotencyKeys;
import io.moolah.platform.web.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every service's OpenAPI document says the same way, so resources annotate only what is their own.
 *
 * <ul>
 *   <li>An error response is annotated with its status, a description and the problem codes it can carry, as the
 *   extension {@value #PROBLEM_CODES} with the codes separated by spaces; here it gets the {@code Problem} schema as
 *   {@code application/problem+json}, and the codes become a list (and are named in the description, for people).</li>
 *   <li>An operation that needs a token ({@code security} names {@value #BEARER}) can also answer 401 with the token
 *   problems; one that takes a JSON body, 400 {@code MALFORMED_JSON}, {@code UNKNOWN_FIELD} and
 *   {@code VALIDATION_FAILED}.</li>
 *   <li>An operation that takes an {@code Idempotency-Key} says what the key means, and its successful answers say
 *   they may be a replay ({@code Idempotent-Replayed}).</li>
 * </ul>
 *
 * Registered in each service's configuration as {@code mp.openapi.filter}.
 */
public class ContractConventions implements OASFilter {
    public static final String PROBLEM_CODES = "x-problem-codes";
    public static final String BEARER = "bearer";
    public static final String PROBLEM_SCHEMA = "Problem";

    private static final List<String> TOKEN_PROBLEMS = List.of("UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED");
    private static final List<String> BODY_PROBLEMS = List.of("MALFORMED_JSON", "UNKNOWN_FIELD", "VALIDATION_FAILED");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        components.addSchema("FieldError", fieldErrorSchema());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An access token from POST /api/v1/auth/login (customers) or /api/v1/admin/auth/login (operators)."));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                conventions(operation);
            }
        }
    }

    private static void conventions(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (needsToken(operation)) {
            addProblems(responses, "401", "No valid token: missing, malformed, expired or revoked.", TOKEN_PROBLEMS);
        }
        if (takesJson(operation)) {
            addProblems(responses, "400", "The body is not one JSON document, or a field is missing or invalid.", BODY_PROBLEMS);
        }
        if (hasIdempotencyKey(operation)) {
            for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
                if (entry.getKey().startsWith("2")) {
                    entry.getValue().addHeader("Idempotent-Replayed", OASFactory.createHeader()
                            .description("true when this is the stored answer to an earlier request with the same key.")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).addEnumeration("true")));
                }
            }
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            if (isError(entry.getKey())) {
                asProblem(entry.getValue());
            }
        }
    }

    /** Adds an error response with these codes, or the codes to the one already there. */
    public static void addProblems(APIResponses responses, String status, String description, List<String> codes) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
        Set<String> all = new LinkedHashSet<>(codesOf(response));
        all.addAll(codes);
        response.addExtension(PROBLEM_CODES, new ArrayList<>(all));
    }

    private static void asProblem(APIResponse response) {
        List<String> codes = codesOf(response);
        response.addExtension(PROBLEM_CODES, codes);
        response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
        String description = response.getDescription() == null ? "" : response.getDescription();
        int named = description.indexOf(" Codes: ");
        if (named >= 0) {
            description = description.substring(0, named);
        }
        if (!codes.isEmpty()) {
            description = description + " Codes: " + String.join(", ", codes) + ".";
        }
        response.description(description.strip());
    }

    /** The codes a response names: a list (already converted) or the annotation's space-separated text. */
    @SuppressWarnings("unchecked")
    static List<String> codesOf(APIResponse response) {
        Object codes = response.getExtensions() == null ? null : response.getExtensions().get(PROBLEM_CODES);
        if (codes instanceof List<?> list) {
            return (List<String>) list;
        }
        if (codes instanceof String text && !text.isBlank()) {
            return Arrays.stream(text.trim().split("[\\s,]+")).toList();
        }
        return List.of();
    }

    private static boolean needsToken(Operation operation) {
        return operation.getSecurity() != null && operation.getSecurity().stream()
                .anyMatch(requirement -> requirement.hasScheme(BEARER));
    }

    private static boolean takesJson(Operation operation) {
        return operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().hasMediaType("application/json");
    }

    private static boolean hasIdempotencyKey(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> parameter.getIn() == Parameter.In.HEADER
                        && IdempotencyKeys.HEADER.equalsIgnoreCase(parameter.getName()));
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details. Clients branch on code, never on title or detail.")
                .addRequired("type").addRequired("title").addRequired("status").addRequired("code")
                .addProperty("type", string("A URI naming the problem, https://moolah.io/problems/<code in kebab case>."))
                .addProperty("title", string("A short summary for people; may change."))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string("What happened this time, for people."))
                .addProperty("code", string("The stable machine-readable code (each response lists the ones it can carry)."))
                .addProperty("instance", string("The request path."))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("FieldError")));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addRequired("field").addRequired("message")
                .addProperty("field", string("The request field (or parameter, or header) at fault."))
                .addProperty("message", string("What is wrong with it."));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
