package io.moolah.gateway.exchange;

import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.platform.security.Caller;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;

/**
 * One client connection to the public port (HTTP/1.1, or HTTP/2 with its streams): its address, from the PROXY
 * protocol header when a load balancer sent one, and whether routing/ConnectionLimits counts it already.
 * <p>
 * It also remembers what its last request resolved to (route, caller, rate-limit keys): a client's keep-alive
 * connection mostly repeats the same calls with the same token, and then the lookups are skipped (the token's string
 * compared instead of hashed among all tokens verified, the route without its patterns). Only on the connection's
 * event loop.
 */
public final class ClientConnection {
    private final Channel channel;
    private volatile String remoteAddress;
    private boolean counted;

    private String lastAuthorization;
    private Caller lastCaller;
    private long lastCallerUntilMillis;
    private HttpMethod lastMethod;
    private String lastPath;
    private Route lastRoute;
    private final String[] addressKeys = new String[3];
    private Caller keysCaller;
    private String readKey;
    private String writeKey;

    public ClientConnection(Channel channel, String remoteAddress) {
        this.channel = channel;
        this.remoteAddress = remoteAddress;
    }

    /** The connection's own channel (for HTTP/2 the parent of the streams' channels). */
    public Channel channel() {
        return channel;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** Set once the PROXY protocol header has named the client. */
    public void remoteAddress(String address) {
        this.remoteAddress = address;
    }

    public boolean counted() {
        return counted;
    }

    public void counted(boolean counted) {
        this.counted = counted;
    }

    /**
     * The caller of an {@code Authorization} header value if the last one seen here was the same (compared as sent, so
     * the token is not cut out of it) and its token has not expired; else null.
     */
    public Caller rememberedCaller(String authorization, long nowMillis) {
        return nowMillis < lastCallerUntilMillis && authorization != null && authorization.equals(lastAuthorization) ? lastCaller : null;
    }

    public void rememberCaller(String authorization, Caller caller, long untilMillis) {
        lastAuthorization = authorization;
        lastCaller = caller;
        lastCallerUntilMillis = untilMillis;
    }

    /** The route of the last request here if it had the same method and path; else null. */
    public Route rememberedRoute(HttpMethod method, String path) {
        return method.equals(lastMethod) && path.equals(lastPath) ? lastRoute : null;
    }

    public void rememberRoute(HttpMethod method, String path, Route route) {
        lastMethod = method;
        lastPath = path;
        lastRoute = route;
    }

    /** {@code prefix + kind + address}, made once per connection; {@code slot} 0-2 names the kind. */
    public String addressKey(int slot, String prefix, String kind) {
        String key = addressKeys[slot];
        if (key == null) {
            key = prefix + kind + remoteAddress;
            addressKeys[slot] = key;
        }
        return key;
    }

    /** {@code prefix + "read:" or "write:" + customer id}, each made when first needed for a caller on this connection. */
    public String customerKey(String prefix, boolean read, Caller caller) {
        if (caller != keysCaller) {
            keysCaller = caller;
            readKey = null;
            writeKey = null;
        }
        if (read) {
            if (readKey == null) {
                readKey = prefix + "read:" + caller.customerId();
            }
            return readKey;
        }
        if (writeKey == null) {
            writeKey = prefix + "write:" + caller.customerId();
        }
        return writeKey;
    }
}
