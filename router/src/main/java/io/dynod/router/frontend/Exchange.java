package io.dynod.router.frontend;

import io.dynod.router.balance.LiveApp;
import io.dynod.router.balance.LiveEndpoint;
import io.dynod.router.errors.HerokuError;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

/**
 * One request/response pair on a client connection. The request-id handler creates it from the
 * decoded request head, routing fills in the app (or a rejection), and the proxy handler carries
 * it through dispatch and relay. Confined to the client channel's event loop.
 */
final class Exchange {

    final HttpRequest request;
    final String requestId;
    final long startMillis;
    final long startNanos;
    final String method;
    final String path;
    final String host;

    /** Set by routing: the app, or why the request is answered by the router itself. */
    LiveApp app;
    HerokuError rejection;
    /** Set by the hold when the request waited for a cold start: ms from its head to its release. */
    long coldStartMillis = -1;

    boolean clientKeepAlive;
    boolean clientHttp10;
    boolean upgrade;
    String forwardedFor;

    LiveEndpoint endpoint;
    int endpointIndex = -1;
    long triedEndpoints;
    int attempts;
    boolean holdsAppSlot;
    boolean holdsEndpointSlot;
    Channel backend;
    long connectStartNanos;
    long connectMillis = -1;
    HerokuError lastConnectFailure;

    boolean unflushed;
    boolean requestDone;
    boolean requestSent;
    long requestSentNanos;
    long lastActivityNanos;
    boolean awaitingBackendWritable;
    boolean awaitingClientWritable;

    boolean responseStarted;
    boolean informational;
    boolean backendKeepAlive;
    boolean responseKeepAlive;
    int status;
    long bytesOut;
    boolean discarding;
    boolean finished;

    Exchange(HttpRequest request, String requestId, long startMillis, long startNanos, String host) {
        this.request = request;
        this.requestId = requestId;
        this.startMillis = startMillis;
        this.startNanos = startNanos;
        this.method = request.method().name();
        this.path = request.uri();
        this.host = host;
        this.lastActivityNanos = startNanos;
    }

    String dyno() {
        return endpoint == null ? null : endpoint.dyno();
    }
}
