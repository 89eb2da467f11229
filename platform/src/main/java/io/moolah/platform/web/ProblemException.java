package io.moolah.platform.web;

import java.util.List;

/** Thrown anywhere in a request to answer with a problem+json; carries a stable code. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of());
    }

    public ProblemException(int status, String code, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad request", detail);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "VALIDATION_FAILED", "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, code, "Unprocessable request", detail);
    }

    /** 503 with {@code Retry-After}: nothing happened, and the same request may be sent again after that many seconds. */
    public static ProblemException unavailable(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(503, code, "Service unavailable", detail) {
            @Override
            public java.util.Map<String, String> headers() {
                return java.util.Map.of("Retry-After", String.valueOf(retryAfterSeconds));
            }
        };
    }

    /** Response headers that go with the problem (Retry-After, say). */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    public Problem toProblem() {
        return Problem.of(status, code, title, getMessage(), errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
