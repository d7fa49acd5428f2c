package io.dynod.router.frontend;

import io.dynod.router.config.RouterConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline step "timeouts", first of all, on raw bytes. Between exchanges it closes a kept-alive
 * connection that stays silent for the client idle timeout; once a request's first byte arrives it
 * gives the client the header read timeout to finish the head (the slowloris defence). During an
 * exchange the proxy handler's own timers apply. One lazily re-armed timer per connection.
 */
final class ClientTimeoutHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "timeouts";

    private enum State { AWAITING_REQUEST, READING_HEAD, IN_EXCHANGE }

    private final long idleNanos;
    private final long headNanos;
    /** The timer never sleeps longer than this, so a deadline set while it sleeps is still met. */
    private final long periodNanos;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_REQUEST;
    private long sinceNanos;
    private ScheduledFuture<?> timer;

    ClientTimeoutHandler(RouterConfig config) {
        this.idleNanos = config.clientIdleTimeout().toNanos();
        this.headNanos = config.headerReadTimeout().toNanos();
        this.periodNanos = Math.min(idleNanos, headNanos);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        awaitRequest();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.AWAITING_REQUEST && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING_HEAD;
            sinceNanos = System.nanoTime();
            arm(periodNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** A request head is complete: the exchange's own timers take over. */
    void requestStarted() {
        state = State.IN_EXCHANGE;
    }

    /** The previous exchange is over: wait for the next request. */
    void awaitRequest() {
        state = State.AWAITING_REQUEST;
        sinceNanos = System.nanoTime();
        arm(periodNanos);
    }

    private void arm(long delayNanos) {
        if (timer == null) {
            timer = ctx.executor().schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void onTimer() {
        timer = null;
        if (state == State.IN_EXCHANGE || !ctx.channel().isActive()) {
            return;
        }
        long limit = state == State.AWAITING_REQUEST ? idleNanos : headNanos;
        long left = sinceNanos + limit - System.nanoTime();
        if (left <= 0) {
            ctx.close();
        } else {
            arm(Math.min(left, periodNanos));
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
