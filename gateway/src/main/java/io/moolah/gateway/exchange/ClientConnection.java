package io.moolah.gateway.exchange;

import io.netty.channel.Channel;

/**
 * One client connection to the public port (HTTP/1.1, or HTTP/2 with its streams): its address, from the PROXY
 * protocol header when a load balancer sent one, and whether routing/ConnectionLimits counts it already.
 */
public final class ClientConnection {
    private final Channel channel;
    private volatile String remoteAddress;
    private boolean counted;

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
}
