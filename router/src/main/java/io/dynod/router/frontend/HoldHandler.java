package io.dynod.router.frontend;

import io.dynod.router.balance.ColdStart;
import io.dynod.router.errors.HerokuError;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline step "hold", between routing and proxy: the cold-start hold. A request for an app
 * without an up web dyno joins the app's {@link ColdStart} (whose first request wakes the app) and
 * stays here until a dyno is up, then goes on to the proxy and is balanced as usual, its response
 * carrying {@code Dynod-Cold-Start: <ms>}. While it waits, no read is passed on, so its body stays
 * in the socket (auto-read is off): only its head is held in memory.
 *
 * <p>Other endings: H20 after the hold timeout; D11 (503) when the app's hold is full; H14/H10
 * when the wake finds nothing to start; for an app that opted in, a browser ({@code Accept:
 * text/html}, GET) gets the self-reloading "waking up" page after the waking-page delay. Each
 * is passed to the proxy as the exchange's rejection, so the proxy logs and answers it.
 */
final class HoldHandler extends ChannelDuplexHandler {

    static final String NAME = "hold";
    static final String COLD_START_HEADER = "Dynod-Cold-Start";

    private final FrontendContext context;
    private ChannelHandlerContext ctx;
    private Held held;
    private boolean drainWhileHeld;

    HoldHandler(FrontendContext context) {
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (held == null && msg instanceof Exchange e && e.rejection == null && e.app != null
                && e.app.upCount() == 0) {
            hold(e);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (held == null) {
            ctx.read();
        }
    }

    private void hold(Exchange e) {
        ClientTimeoutHandler timeouts = ctx.pipeline().get(ClientTimeoutHandler.class);
        if (timeouts != null) {
            timeouts.requestStarted(); // the hold has its own deadline; the head is complete
        }
        Held h = new Held(e, context.coldStarts.of(e.app));
        if (!h.coldStart.hold(h)) {
            e.rejection = HerokuError.HOLD_QUEUE_FULL;
            ctx.fireChannelRead(e);
            return;
        }
        if (h.done) {
            return; // released already, from inside hold(): handed to the event loop
        }
        held = h;
        h.timeout = ctx.executor().schedule(() -> giveUp(h, HerokuError.H20),
                context.config.holdTimeout().toNanos(), TimeUnit.NANOSECONDS);
        if (e.app.wakingPage() && wantsHtml(e)) {
            h.wakingPage = ctx.executor().schedule(() -> giveUp(h, HerokuError.WAKING_PAGE),
                    context.config.wakingPageDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static boolean wantsHtml(Exchange e) {
        if (!HttpMethod.GET.equals(e.request.method())) {
            return false;
        }
        String accept = e.request.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** On the event loop: the held request ends here (H20, waking page) unless it was released first. */
    private void giveUp(Held h, HerokuError why) {
        if (held == h && h.coldStart.remove(h)) {
            proceed(h, why);
        }
    }

    /** On the event loop: the hold ended; the proxy takes the exchange (and the reads) from here. */
    private void proceed(Held h, HerokuError rejection) {
        if (h.done) {
            return;
        }
        h.done = true;
        if (held == h) {
            held = null;
        }
        cancel(h.timeout);
        cancel(h.wakingPage);
        Exchange e = h.exchange;
        e.coldStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - e.startNanos);
        if (rejection != null) {
            e.rejection = rejection;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.fireChannelRead(e);
        if (drainWhileHeld) {
            drainWhileHeld = false;
            ctx.fireUserEventTriggered(DrainEvent.INSTANCE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainEvent.INSTANCE && held != null) {
            drainWhileHeld = true; // the held request still gets its answer; the connection closes after
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Held h = held;
        if (h != null) {
            held = null;
            h.done = true;
            cancel(h.timeout);
            cancel(h.wakingPage);
            h.coldStart.remove(h);
            RequestLog.finished(context, h.exchange, HerokuError.H27, null, "client");
        }
        ctx.fireChannelInactive();
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** One held request; released from any thread, finished on its channel's event loop. */
    private final class Held implements ColdStart.Waiter {
        final Exchange exchange;
        final ColdStart coldStart;
        final long bytes;
        ScheduledFuture<?> timeout;
        ScheduledFuture<?> wakingPage;
        boolean done;

        Held(Exchange exchange, ColdStart coldStart) {
            this.exchange = exchange;
            this.coldStart = coldStart;
            this.bytes = headBytes(exchange);
        }

        @Override
        public long heldBytes() {
            return bytes;
        }

        @Override
        public void release(HerokuError rejection) {
            if (ctx.executor().inEventLoop() && held != this) {
                ctx.executor().execute(() -> proceed(this, rejection)); // still inside hold(): go on after it
            } else if (ctx.executor().inEventLoop()) {
                proceed(this, rejection);
            } else {
                ctx.executor().execute(() -> proceed(this, rejection));
            }
        }
    }

    private static long headBytes(Exchange e) {
        long n = e.request.method().name().length() + e.request.uri().length() + 16L;
        HttpHeaders headers = e.request.headers();
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }
}
