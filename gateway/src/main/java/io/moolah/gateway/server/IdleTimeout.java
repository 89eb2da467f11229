package io.moolah.gateway.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has read nothing and been given nothing to write for the idle timeout. One timer per
 * connection, re-armed for the time left when it fires. Unlike Netty's {@code IdleStateHandler}, a write is counted
 * when it is handed over, not when it completes, so writes need no promise and listener of their own; a client that
 * stops reading is still closed one timeout after the last answer it was given.
 */
final class IdleTimeout extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private long lastActivity;
    private ScheduledFuture<?> timer;

    IdleTimeout(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        if (context.channel().isActive() && context.channel().isRegistered()) {
            start(context);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        start(context);
        super.channelActive(context);
    }

    private void start(ChannelHandlerContext context) {
        if (timer == null) {
            lastActivity = System.nanoTime();
            timer = context.executor().schedule(() -> check(context), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(ChannelHandlerContext context) {
        if (!context.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - lastActivity);
        if (left <= 0) {
            context.close();
        } else {
            timer = context.executor().schedule(() -> check(context), left, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        lastActivity = System.nanoTime();
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        lastActivity = System.nanoTime();
        context.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (timer != null) {
            timer.cancel(false);
        }
        super.channelInactive(context);
    }
}
