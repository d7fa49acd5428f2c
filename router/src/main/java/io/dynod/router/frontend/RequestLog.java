package io.dynod.router.frontend;

import io.dynod.router.errors.HerokuError;
import io.dynod.router.errors.RouterLog;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The end of every request: one router log line and the per-app metrics. */
final class RequestLog {

    private RequestLog() {}

    static void finished(FrontendContext context, Exchange e, HerokuError error, String cause, String sock) {
        long nanos = System.nanoTime() - e.startNanos;
        int status = error != null ? error.status() : e.status;
        String app = e.app != null ? e.app.name() : null;
        context.metrics.recordRequest(app, status, error, nanos);
        if (error != null || RouterLog.infoEnabled()) {
            long connect = e.connectMillis;
            long service = TimeUnit.NANOSECONDS.toMillis(nanos) - Math.max(0, connect);
            RouterLog.log(new RouterLog.Line(error, cause, e.method, e.path, e.host, e.requestId,
                    e.forwardedFor, e.dyno(), connect, service, status, e.bytesOut, context.config.forwardedProto(),
                    sock));
        }
    }

    static void rejected(FrontendContext context, HttpRequest request, String problem, Channel client) {
        HerokuError error = HerokuError.BAD_REQUEST;
        context.metrics.recordRequest(null, error.status(), error, 0);
        String host = request.decoderResult().isSuccess() ? request.headers().get(HttpHeaderNames.HOST) : null;
        String ip = client.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
        RouterLog.log(new RouterLog.Line(error, problem, request.method().name(), request.uri(), host, null, ip,
                null, -1, 0, error.status(), 0, context.config.forwardedProto(), null));
    }
}
