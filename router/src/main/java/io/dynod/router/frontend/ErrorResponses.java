package io.dynod.router.frontend;

import io.dynod.router.errors.HerokuError;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** The response the router sends for one of its own errors: status, small HTML page, no caching. */
final class ErrorResponses {

    private static final AsciiString HTML = AsciiString.cached("text/html; charset=utf-8");
    private static final AsciiString NO_CACHE = AsciiString.cached("no-cache, no-store");
    private static final HttpResponseStatus CLIENT_CLOSED = new HttpResponseStatus(499, "Client Closed Request");

    private ErrorResponses() {}

    static FullHttpResponse page(HerokuError error, boolean keepAlive) {
        HttpResponseStatus status = error.status() == 499 ? CLIENT_CLOSED : HttpResponseStatus.valueOf(error.status());
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(error.page()));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HTML)
                .set(HttpHeaderNames.CACHE_CONTROL, NO_CACHE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, error.page().length)
                .set(HttpHeaderNames.VIA, RouterHeaders.VIA_VALUE);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (error == HerokuError.WAKING_PAGE) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        return r;
    }
}
