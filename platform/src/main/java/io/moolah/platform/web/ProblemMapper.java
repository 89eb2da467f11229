package io.moolah.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become HTTP answers, shared by every service: each answer is problem+json with a
 * stable code. Unknown failures are logged with the request id and answered 500 without internals.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** Seconds a client waits before sending again a request answered 503 that did not say otherwise. */
    static final String DEFAULT_RETRY_AFTER = "1";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.toProblem(), uri);
        e.headers().forEach((name, value) -> response.getHeaders().putSingle(name, value));
        if (e.status() == 503 && !response.getHeaders().containsKey("Retry-After")) {
            // Every 503 tells the client when to send the same request (the same Idempotency-Key) again.
            response.getHeaders().putSingle("Retry-After", DEFAULT_RETRY_AFTER);
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    /**
     * A body whose first bytes make Jackson guess an encoding it cannot read (UCS-4 in an unusual byte order, found by
     * fuzzing StrictJson): not JSON, so 400 MALFORMED_JSON, not a 500.
     */
    @ServerExceptionMapper
    public Response unreadableEncoding(java.io.CharConversionException e, UriInfo uri) {
        return respond(Problem.of(400, "MALFORMED_JSON", "Malformed JSON", "The body is not JSON in UTF-8.", java.util.List.of()), uri);
    }

    /** Declared apart so it outranks Quarkus's own mapper for this type (which answers plain JSON). */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return respond(jsonProblem(json), uri);
        }
        Problem problem;
        if (e instanceof NotFoundException) {
            problem = Problem.of(404, "NOT_FOUND", "Not found", "No such resource.", null);
        } else if (e instanceof NotAllowedException) {
            problem = Problem.of(405, "METHOD_NOT_ALLOWED", "Method not allowed", "This method is not allowed here.", null);
        } else if (e instanceof NotSupportedException) {
            problem = Problem.of(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "Send application/json.", null);
        } else if (e instanceof NotAcceptableException) {
            problem = Problem.of(406, "NOT_ACCEPTABLE", "Not acceptable", "This resource answers application/json.", null);
        } else if (e instanceof NotAuthorizedException) {
            problem = Problem.of(401, "UNAUTHENTICATED", "Unauthenticated", "A valid bearer token is required.", null);
        } else if (e instanceof ForbiddenException) {
            problem = Problem.of(403, "FORBIDDEN", "Forbidden", "You may not do this.", null);
        } else {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("request failed", e);
                problem = Problem.of(status, "INTERNAL_ERROR", "Internal error", "Something went wrong on our side.", null);
            } else {
                problem = Problem.of(status, "BAD_REQUEST", "Bad request", "The request was not understood.", null);
            }
        }
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (DatabaseOutage.explains(e)) {
            // PostgreSQL restarting or failing over: the transaction did not commit (or, if the connection broke
            // during COMMIT, did, and the same Idempotency-Key then replays its answer). Either way sending the same
            // request again is safe, so this is a 503 the client retries, not a 500.
            LOG.warnf("request failed: the database is unavailable (%s)", DatabaseOutage.describe(e));
            return problem(ProblemException.unavailable("DATABASE_UNAVAILABLE",
                    "The database is unavailable for a moment; send the same request (same Idempotency-Key) again.", 1), uri);
        }
        LOG.error("request failed", e);
        return respond(Problem.of(500, "INTERNAL_ERROR", "Internal error", "Something went wrong on our side.", null), uri);
    }

    static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return Problem.of(400, "UNKNOWN_FIELD", "Invalid request", "Unknown field: " + unknown.getPropertyName(),
                    List.of(new Problem.FieldError(unknown.getPropertyName(), "is not a known field")));
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return Problem.of(400, "MALFORMED_JSON", "Malformed JSON",
                    "The body must be one JSON document, with nothing after it.", null);
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String field = pathOf((MismatchedInputException) e);
            return Problem.of(400, "VALIDATION_FAILED", "Invalid request",
                    field.isEmpty() ? "The body has the wrong shape." : field + " has the wrong type or format.",
                    field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, "has the wrong type or format")));
        }
        if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException) {
            String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
            return Problem.of(400, "VALIDATION_FAILED", "Invalid request",
                    field.isEmpty() ? "A number in the body is out of range." : field + " is out of range.",
                    field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, "is out of range")));
        }
        return Problem.of(400, "MALFORMED_JSON", "Malformed JSON", "The body is not valid JSON.", null);
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static Response respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null ? problem : problem.withInstance(uri.getPath());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withInstance).build();
    }
}
