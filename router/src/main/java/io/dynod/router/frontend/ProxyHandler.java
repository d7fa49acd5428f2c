package io.dynod.router.frontend;

import io.dynod.router.backend.BackendHandler;
import io.dynod.router.backend.BackendListener;
import io.dynod.router.backend.BackendPool;
import io.dynod.router.balance.LiveApp;
import io.dynod.router.balance.LiveEndpoint;
import io.dynod.router.balance.P2cSelector;
import io.dynod.router.errors.HerokuError;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline step "proxy", last: carries one {@link Exchange} at a time from dispatch to the end of
 * the response. It picks a dyno (P2C), borrows a connection from this event loop's pool (or opens
 * one, retrying other dynos on connect failure, which is the only failure where no byte reached
 * the app), then relays both bodies as they come.
 *
 * <p>Backpressure: auto-read is off on the client channel. A client body part is written to the
 * dyno and the next one is read only while the dyno's connection is writable. The dyno's
 * connection reads on its own (up to one read batch at a time, so large responses move in few
 * system calls) until the client's connection stops being writable; then it stops reading until
 * the client has drained. So per direction at most one read batch plus the write-buffer
 * high-water mark is held, whatever the body size. Flow control upstream hands this handler one decoded
 * message per read, which also keeps pipelined requests waiting their turn.
 *
 * <p>Both channels live on the same event loop, so nothing here needs synchronisation.
 */
final class ProxyHandler extends ChannelDuplexHandler implements BackendListener {

    static final String NAME = "proxy";

    private final FrontendContext context;
    private ChannelHandlerContext ctx;
    private BackendPool pool;
    private ClientTimeoutHandler timeouts;
    private String clientIp;
    private String localPort;
    private Exchange ex;
    private boolean closeAfterExchange;
    private boolean wantClientMessage;
    private ScheduledFuture<?> timer;
    private LiveApp tunnelApp;

    ProxyHandler(FrontendContext context) {
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.pool = context.pools.forLoop(ctx.channel().eventLoop());
        this.timeouts = ctx.pipeline().get(ClientTimeoutHandler.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
        localPort = ctx.channel().localAddress() instanceof InetSocketAddress a ? Integer.toString(a.getPort()) : "";
        readClient();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        wantClientMessage = false;
        if (msg instanceof Exchange e) {
            start(e);
        } else if (msg instanceof HttpContent c) {
            onRequestContent(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Asks flow control for the next client message. Flow control forgets an unsatisfied read at
     * the end of a read batch, so the wish is kept here and repeated in channelReadComplete.
     */
    private void readClient() {
        wantClientMessage = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wantClientMessage) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    // ---- dispatch ----------------------------------------------------------------------------

    private void start(Exchange e) {
        ex = e;
        if (timeouts != null) {
            timeouts.requestStarted();
        }
        HttpRequest request = e.request;
        e.clientKeepAlive = HttpUtil.isKeepAlive(request) && !context.draining() && !closeAfterExchange;
        e.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        e.upgrade = RouterHeaders.isUpgrade(request.headers());
        e.forwardedFor = clientIp;
        armTimer();
        if (e.rejection != null) {
            fail(e.rejection, null, null);
            return;
        }
        LiveApp app = e.app;
        if (app.upCount() == 0) {
            fail(HerokuError.H14, null, null);
            return;
        }
        if (e.coldStartMillis >= 0) {
            app.startHeldRequest();
        } else if (!app.tryStartRequest(context.config.inFlightPerDyno())) {
            fail(HerokuError.H11, null, null);
            return;
        }
        e.holdsAppSlot = true;
        HttpHeaders h = request.headers();
        RouterHeaders.stripHopByHop(h, e.upgrade);
        e.forwardedFor = RouterHeaders.addForwarded(h, clientIp, context.config.forwardedProto(), localPort,
                e.startMillis);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        connect(e);
    }

    private void connect(Exchange e) {
        long now = System.nanoTime();
        LiveEndpoint[] endpoints = e.app.endpoints();
        int i = P2cSelector.select(endpoints, e.triedEndpoints, now);
        if (i < 0) {
            HerokuError why = e.lastConnectFailure != null ? e.lastConnectFailure
                    : P2cSelector.allQuarantined(endpoints, now) ? HerokuError.H99 : HerokuError.H14;
            fail(why, null, null);
            return;
        }
        LiveEndpoint endpoint = endpoints[i];
        e.endpoint = endpoint;
        e.triedEndpoints |= P2cSelector.bit(i);
        e.attempts++;
        endpoint.requestStarted();
        e.holdsEndpointSlot = true;
        e.connectStartNanos = now;
        Channel pooled = pool.pollIdle(endpoint);
        if (pooled != null) {
            e.connectMillis = 0;
            connected(e, pooled);
            return;
        }
        pool.connect(endpoint).addListener((ChannelFuture f) -> connectDone(e, endpoint, f));
    }

    private void connectDone(Exchange e, LiveEndpoint endpoint, ChannelFuture f) {
        if (ex != e || e.finished) {
            if (f.isSuccess()) {
                pool.release(f.channel());
            }
            return;
        }
        long now = System.nanoTime();
        if (f.isSuccess()) {
            e.connectMillis = TimeUnit.NANOSECONDS.toMillis(now - e.connectStartNanos);
            connected(e, f.channel());
            return;
        }
        endpoint.requestEnded();
        e.holdsEndpointSlot = false;
        endpoint.quarantine(now, context.quarantineNanos);
        context.metrics.recordConnectFailure();
        e.lastConnectFailure = f.cause() instanceof ConnectTimeoutException ? HerokuError.H19 : HerokuError.H21;
        if (e.attempts < context.config.maxConnectAttempts()) {
            connect(e);
        } else {
            fail(e.lastConnectFailure, null, null);
        }
    }

    private void connected(Exchange e, Channel backend) {
        e.backend = backend;
        backend.pipeline().get(BackendHandler.class).attach(this);
        e.lastActivityNanos = System.nanoTime();
        backend.write(e.request, backend.voidPromise());
        e.unflushed = true;
        // For a GET the next part is the empty last one: head and end leave in one flush.
        readNextPartThenFlush(e, backend);
    }

    // ---- request body ------------------------------------------------------------------------

    private void onRequestContent(HttpContent c) {
        Exchange e = ex;
        boolean last = c instanceof LastHttpContent;
        if (e == null || e.finished || e.discarding) {
            ReferenceCountUtil.release(c);
            if (e != null && e.discarding && ex == e) {
                if (last) {
                    e.requestDone = true;
                    nextRequest();
                } else {
                    readClient();
                }
            }
            return;
        }
        if (c.decoderResult().isFailure()) {
            String cause = "malformed request body: " + c.decoderResult().cause().getMessage();
            ReferenceCountUtil.release(c);
            closeAfterExchange = true;
            abortBackend(e);
            fail(HerokuError.BAD_REQUEST, cause, null);
            return;
        }
        Channel backend = e.backend;
        long now = System.nanoTime();
        e.lastActivityNanos = now;
        if (last) {
            e.unflushed = false;
            backend.writeAndFlush(c, backend.voidPromise());
            e.requestDone = true;
            e.requestSent = true;
            e.requestSentNanos = now;
            return;
        }
        backend.write(c, backend.voidPromise());
        e.unflushed = true;
        if (backend.isWritable()) {
            readNextPartThenFlush(e, backend);
        } else {
            e.unflushed = false;
            backend.flush();
            e.awaitingBackendWritable = true;
        }
    }

    /**
     * Reads the next request part, which flow control hands over right here when it already has
     * it, and flushes what was written only once no part is waiting. So parts that arrived
     * together leave together, and a framing error found later in the same read aborts the
     * exchange before a single byte reached the dyno.
     */
    private void readNextPartThenFlush(Exchange e, Channel backend) {
        readClient();
        if (ex == e && e.unflushed && e.backend == backend) {
            e.unflushed = false;
            backend.flush();
        }
    }

    @Override
    public void onBackendWritabilityChanged(boolean writable) {
        Exchange e = ex;
        if (writable && e != null && e.awaitingBackendWritable) {
            e.awaitingBackendWritable = false;
            readClient();
        }
    }

    // ---- response ----------------------------------------------------------------------------

    @Override
    public void onResponseHead(HttpResponse response) {
        Exchange e = ex;
        if (e == null || e.finished) {
            return;
        }
        if (response.decoderResult().isFailure()) {
            String cause = "malformed response: " + response.decoderResult().cause().getMessage();
            abortBackend(e);
            fail(HerokuError.H25, cause, null);
            return;
        }
        e.lastActivityNanos = System.nanoTime();
        int code = response.status().code();
        HttpHeaders h = response.headers();
        if (code == 101 && e.upgrade) {
            RouterHeaders.stripHopByHop(h, true);
            RouterHeaders.addVia(h);
            e.responseStarted = true;
            e.status = code;
            Tunnel.open(ctx, e, response, context.idleNanos, this::finishUpgrade);
            return;
        }
        if (code == 101) {
            abortBackend(e);
            fail(HerokuError.H25, "101 Switching Protocols without an upgrade request", null);
            return;
        }
        if (code < 200) {
            // 100 Continue and friends go straight through; the final response follows.
            e.informational = true;
            ctx.writeAndFlush(response, ctx.voidPromise());
            return;
        }
        e.backendKeepAlive = HttpUtil.isKeepAlive(response);
        RouterHeaders.stripHopByHop(h, false);
        RouterHeaders.addVia(h);
        if (e.coldStartMillis >= 0) {
            h.set(HoldHandler.COLD_START_HEADER, e.coldStartMillis);
        }
        boolean keepAlive = e.clientKeepAlive && !context.draining() && !closeAfterExchange;
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        if (!chunked && !HttpUtil.isContentLengthSet(response) && mayHaveBody(e, code)) {
            // Close-delimited from the dyno: chunk it for HTTP/1.1 clients so they can keep the connection.
            if (e.clientHttp10) {
                keepAlive = false;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        } else if (chunked && e.clientHttp10) {
            HttpUtil.setTransferEncodingChunked(response, false);
            keepAlive = false;
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (e.clientHttp10) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        e.responseKeepAlive = keepAlive;
        e.responseStarted = true;
        e.status = code;
        ctx.write(response, ctx.voidPromise());
    }

    private static boolean mayHaveBody(Exchange e, int code) {
        return code != 204 && code != 304 && !HttpMethod.HEAD.equals(e.request.method());
    }

    @Override
    public void onResponseContent(HttpContent content) {
        Exchange e = ex;
        if (e == null || e.finished) {
            ReferenceCountUtil.release(content);
            return;
        }
        if (content.decoderResult().isFailure()) {
            String cause = "malformed response body: " + content.decoderResult().cause().getMessage();
            ReferenceCountUtil.release(content);
            abortBackend(e);
            fail(HerokuError.H25, cause, null);
            return;
        }
        e.lastActivityNanos = System.nanoTime();
        if (content instanceof LastHttpContent) {
            if (e.informational) {
                e.informational = false;
                ctx.write(content, ctx.voidPromise());
                return;
            }
            e.bytesOut += content.content().readableBytes();
            complete(e, (LastHttpContent) content);
        } else {
            e.bytesOut += content.content().readableBytes();
            ctx.write(content, ctx.voidPromise());
        }
    }

    @Override
    public void onBackendReadComplete() {
        Exchange e = ex;
        if (e == null || e.backend == null) {
            return;
        }
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            e.awaitingClientWritable = true;
            e.backend.config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = ex;
        if (ctx.channel().isWritable() && e != null && e.awaitingClientWritable && e.backend != null) {
            e.awaitingClientWritable = false;
            e.backend.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void complete(Exchange e, LastHttpContent last) {
        Channel backend = e.backend;
        e.backend = null;
        if (e.backendKeepAlive && e.requestSent) {
            pool.release(backend);
        } else {
            backend.pipeline().get(BackendHandler.class).attach(null);
            backend.close();
        }
        boolean keepAlive = e.responseKeepAlive && e.requestDone;
        RequestLog.finished(context, e, null, null, null);
        e.finished = true;
        releaseSlots(e);
        if (keepAlive) {
            ctx.writeAndFlush(last, ctx.voidPromise());
            nextRequest();
        } else {
            ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void finishUpgrade(Exchange e) {
        tunnelApp = e.app;
        tunnelApp.tunnelOpened(); // an open WebSocket keeps its app awake
        RequestLog.finished(context, e, null, null, null);
        e.finished = true;
        releaseSlots(e);
        ex = null;
        cancelTimer();
    }

    // ---- failures ----------------------------------------------------------------------------

    @Override
    public void onBackendClosed(Throwable cause) {
        Exchange e = ex;
        if (e == null || e.finished) {
            return;
        }
        e.backend = null;
        String why = cause == null ? null : cause.toString();
        if (e.responseStarted) {
            fail(HerokuError.H18, why, "backend");
        } else {
            fail(HerokuError.H13, why, null);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange e = ex;
        if (e != null && !e.finished) {
            abortBackend(e);
            e.finished = true;
            releaseSlots(e);
            RequestLog.finished(context, e, HerokuError.H27, null, "client");
        }
        if (tunnelApp != null) {
            tunnelApp.tunnelClosed();
            tunnelApp = null;
        }
        cancelTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainEvent.INSTANCE) {
            closeAfterExchange = true;
            if (ex == null || ex.finished) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Ends the exchange with a router error: a page when the response has not started (kept alive
     * only when the rest of the request can be skipped cheaply), otherwise the client connection
     * is cut, since the status line has already gone.
     */
    private void fail(HerokuError error, String cause, String sock) {
        Exchange e = ex;
        abortBackend(e);
        e.finished = true;
        releaseSlots(e);
        RequestLog.finished(context, e, error, cause, sock);
        if (e.responseStarted) {
            ctx.flush();
            ctx.close();
            return;
        }
        boolean bodyLeft = !e.requestDone && (HttpUtil.isTransferEncodingChunked(e.request)
                || HttpUtil.getContentLength(e.request, 0L) > 0);
        boolean keepAlive = e.clientKeepAlive && !bodyLeft && !closeAfterExchange && !context.draining();
        if (!keepAlive) {
            ctx.writeAndFlush(ErrorResponses.page(error, false)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(ErrorResponses.page(error, true), ctx.voidPromise());
        if (e.requestDone) {
            nextRequest();
        } else {
            e.discarding = true;
            readClient();
        }
    }

    private void abortBackend(Exchange e) {
        Channel backend = e.backend;
        if (backend != null) {
            e.backend = null;
            backend.pipeline().get(BackendHandler.class).attach(null);
            backend.close();
        }
    }

    private void releaseSlots(Exchange e) {
        if (e.holdsEndpointSlot) {
            e.holdsEndpointSlot = false;
            e.endpoint.requestEnded();
        }
        if (e.holdsAppSlot) {
            e.holdsAppSlot = false;
            e.app.requestEnded();
        }
    }

    private void nextRequest() {
        ex = null;
        if (closeAfterExchange || context.draining()) {
            ctx.close();
            return;
        }
        if (timeouts != null) {
            timeouts.awaitRequest();
        }
        readClient();
    }

    // ---- timers ------------------------------------------------------------------------------

    /**
     * One timer per connection, re-armed lazily: it wakes at most every min(first-byte, idle)
     * and checks the current exchange's deadline, so a fast exchange costs no timer work at all.
     */
    private void armTimer() {
        if (timer == null) {
            timer = ctx.executor().schedule(this::onTimer, context.timerPeriodNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void onTimer() {
        timer = null;
        Exchange e = ex;
        if (e == null || e.finished || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long deadline;
        HerokuError error;
        if (e.requestSent && !e.responseStarted) {
            deadline = e.requestSentNanos + context.firstByteNanos;
            error = HerokuError.H12;
        } else {
            deadline = e.lastActivityNanos + context.idleNanos;
            boolean waitingOnClient = e.awaitingClientWritable
                    || (!e.requestDone && !e.awaitingBackendWritable && !e.responseStarted);
            error = waitingOnClient ? HerokuError.H28 : HerokuError.H15;
        }
        long left = deadline - now;
        if (left <= 0) {
            fail(error, null, null);
            return;
        }
        timer = ctx.executor().schedule(this::onTimer, Math.min(left, context.timerPeriodNanos), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
