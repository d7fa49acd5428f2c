package io.dynod.router.frontend;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The headers the router adds (heroku-runtime.md §3.6) and the hop-by-hop headers it strips
 * (RFC 9110 §7.6.1) in both directions.
 */
final class RouterHeaders {

    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    static final AsciiString X_REQUEST_START = AsciiString.cached("x-request-start");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString VIA_VALUE = AsciiString.cached("1.1 dynod");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");

    private RouterHeaders() {}

    /**
     * Adds the forwarding headers to a request head that is about to go to a dyno.
     *
     * @return the final X-Forwarded-For value, for the router log
     */
    static String addForwarded(HttpHeaders h, String clientIp, String proto, String port, long startMillis) {
        String fwd;
        List<String> existing = h.getAll(X_FORWARDED_FOR);
        if (existing.isEmpty()) {
            fwd = clientIp;
        } else {
            fwd = String.join(", ", existing) + ", " + clientIp;
        }
        h.set(X_FORWARDED_FOR, fwd);
        h.set(X_FORWARDED_PROTO, proto);
        h.set(X_FORWARDED_PORT, port);
        h.set(X_REQUEST_START, Long.toString(startMillis));
        addVia(h);
        return fwd;
    }

    static void addVia(HttpHeaders h) {
        String via = h.get(HttpHeaderNames.VIA);
        if (via == null) {
            h.set(HttpHeaderNames.VIA, VIA_VALUE);
        } else {
            h.set(HttpHeaderNames.VIA, via + ", " + VIA_VALUE);
        }
    }

    /**
     * Removes hop-by-hop headers: those named by Connection, and the fixed list. Keeps the
     * message framing (Transfer-Encoding, Content-Length), which the codecs redo per hop, and keeps
     * {@code Upgrade} with {@code Connection: upgrade} when {@code keepUpgrade} is set.
     */
    static void stripHopByHop(HttpHeaders h, boolean keepUpgrade) {
        List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
        if (!connection.isEmpty()) {
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String name = token.strip();
                    if (!name.isEmpty() && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))
                            && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                            && !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                        h.remove(name);
                    }
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        h.remove(KEEP_ALIVE);
        h.remove(PROXY_CONNECTION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
        h.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        if (keepUpgrade) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        } else {
            h.remove(HttpHeaderNames.UPGRADE);
        }
    }

    /** Whether a request asks to switch protocols (WebSocket and the like). */
    static boolean isUpgrade(HttpHeaders h) {
        return h.contains(HttpHeaderNames.UPGRADE)
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }
}
