package io.moolah.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details with the platform's stable machine-readable {@code code}. Clients branch on {@code code},
 * never on {@code title} or {@code detail}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, String instance,
                      List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem("https://moolah.io/problems/" + code.toLowerCase().replace('_', '-'), title, status, detail,
                code, null, errors == null ? List.of() : errors);
    }

    public Problem withInstance(String requestPath) {
        return new Problem(type, title, status, detail, code, requestPath, errors);
    }
}
