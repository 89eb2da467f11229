package io.moolah.gateway.exchange;

import io.netty.util.AsciiString;

/**
 * Header names the gateway reads or writes on every request that Netty does not name, as ASCII strings: their
 * case-insensitive hash is computed once, and they are encoded without a character conversion.
 */
public final class HeaderNames {
    public static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
    public static final AsciiString SERVED_BY = AsciiString.cached("x-moolah-service");
    public static final AsciiString IDEMPOTENCY_KEY = AsciiString.cached("idempotency-key");
    public static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    public static final AsciiString CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    public static final AsciiString RATE_LIMIT = AsciiString.cached("ratelimit");
    public static final AsciiString RATE_LIMIT_POLICY = AsciiString.cached("ratelimit-policy");
    public static final AsciiString TRACE_PARENT = AsciiString.cached("traceparent");
    public static final AsciiString TRACE_STATE = AsciiString.cached("tracestate");
    public static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    public static final AsciiString NO_STORE = AsciiString.cached("no-store");

    private HeaderNames() {
    }
}
