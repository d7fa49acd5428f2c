package io.dynod.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.util.List;

/**
 * One watch stream: a long {@code POST /v3/watch} whose answer is newline-delimited JSON. It tries
 * the members in order until one accepts the connection, then stays on that member until the
 * stream ends. Every {@link EtcdClientOptions#watchProbe()} it checks that member with a cheap
 * linearizable read and gives the stream up if the read fails: a partition that
 * closes no socket, or a member cut off from its quorum (whose watch goes quiet), is then noticed
 * like a closed stream. (A {@code progress_request} on the stream itself would be neater, but over
 * HTTP/1.1 the gateway only reads the request body once it is complete.) All callbacks come from
 * the Vert.x context the stream was opened on.
 */
final class HttpWatch implements WatchSubscription {

    private final Vertx vertx;
    private final EtcdHttpClient client;
    private final EtcdClientOptions options;
    private final Endpoints endpoints;
    private final String prefix;
    private final Buffer body;
    private final WatchHandler handler;
    private final List<String> order;

    private volatile boolean cancelled;
    private volatile HttpClientRequest request;
    private boolean ended;
    private long confirmTimer = -1;
    private long probeTimer = -1;
    private boolean probing;

    HttpWatch(Vertx vertx, EtcdHttpClient client, EtcdClientOptions options, Endpoints endpoints, String prefix,
              Buffer body, WatchHandler handler) {
        this.vertx = vertx;
        this.client = client;
        this.options = options;
        this.endpoints = endpoints;
        this.prefix = prefix;
        this.body = body;
        this.handler = handler;
        this.order = endpoints.inOrder();
    }

    void open() {
        connect(0, null);
    }

    @Override
    public void cancel() {
        cancelled = true;
        HttpClientRequest current = request;
        if (current != null) {
            current.reset();
        }
    }

    private void connect(int index, Throwable last) {
        if (cancelled) {
            return;
        }
        if (index >= order.size()) {
            end(GatewayErrors.noMemberAnswered("watch " + prefix, order, last));
            return;
        }
        String url = order.get(index);
        client.connect(url, "/v3/watch", 0).onComplete(connected -> {
            if (connected.failed()) {
                endpoints.failed(url);
                connect(index + 1, connected.cause());
                return;
            }
            request = connected.result();
            if (cancelled) {
                request.reset();
                return;
            }
            // A member that takes the connection but never confirms the watch is as good as down.
            confirmTimer = vertx.setTimer(this.options.requestTimeout().toMillis(), id -> {
                confirmTimer = -1;
                failed(url, new EtcdUnavailableException("watch " + prefix + ": " + url
                        + " did not confirm the watch within " + this.options.requestTimeout().toMillis() + " ms",
                        EtcdException.NO_CODE));
            });
            request.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    failed(url, answered.cause());
                } else {
                    stream(url, answered.result());
                }
            });
        });
    }

    private void stream(String url, HttpClientResponse response) {
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> end(body.succeeded()
                    ? GatewayErrors.httpError("watch " + prefix, url, response.statusCode(), body.result())
                    : body.cause()));
            return;
        }
        RecordParser lines = RecordParser.newDelimited("\n", response);
        lines.exceptionHandler(failure -> failed(url, failure));
        lines.endHandler(done -> failed(url, new EtcdUnavailableException(
                "watch " + prefix + ": " + url + " ended the stream", EtcdException.NO_CODE)));
        lines.handler(line -> onLine(url, line));
    }

    private void onLine(String url, Buffer line) {
        if (ended || cancelled || line.length() == 0) {
            return;
        }
        JsonObject answer = GatewayErrors.parseOrNull(line);
        JsonObject result = answer == null ? null : answer.getJsonObject("result");
        if (result == null) {
            end(answer == null
                    ? new EtcdException("watch " + prefix + ": " + url + " sent a line that is not JSON",
                    EtcdException.NO_CODE)
                    : GatewayErrors.streamError("watch " + prefix, url, answer));
            return;
        }
        EtcdJson.WatchResponse response = EtcdJson.watchResponse(result);
        if (response.created()) {
            cancelConfirmTimer();
            startProbing(url);
            handler.onCreated(response.revision());
        }
        if (!response.events().isEmpty() && !cancelled) {
            handler.onEvents(response.events());
        }
        if (response.canceled()) {
            if (response.compactRevision() > 0) {
                finish();
                if (!cancelled) {
                    handler.onCompacted(response.compactRevision());
                }
            } else {
                end(new EtcdException("watch " + prefix + ": " + url + " cancelled the watch: "
                        + response.cancelReason(), EtcdException.NO_CODE));
            }
        }
    }

    private void startProbing(String url) {
        // One key (the prefix itself), read linearizably: cheap, yet it needs the member's quorum.
        JsonObject check = EtcdJson.get(prefix);
        probeTimer = vertx.setPeriodic(options.watchProbe().toMillis(), id -> {
            if (probing || ended) {
                return;
            }
            probing = true;
            client.callMember("watch check " + prefix, url, "/v3/kv/range", check).onComplete(checked -> {
                probing = false;
                // A refusal is still an answer: the member is there and has its quorum.
                if (checked.failed() && !GatewayErrors.isRefusal(checked.cause())) {
                    failed(url, new EtcdUnavailableException("watch " + prefix + ": the member it streams from, "
                            + url + ", failed a check: " + GatewayErrors.describe(checked.cause()), checked.cause()));
                }
            });
        });
    }

    private void failed(String url, Throwable cause) {
        if (!ended && !cancelled) {
            endpoints.failed(url);
        }
        end(cause instanceof EtcdException ? cause : new EtcdUnavailableException(
                "watch " + prefix + " on " + url + " failed: " + GatewayErrors.describe(cause), cause));
    }

    private void end(Throwable cause) {
        if (finish() && !cancelled) {
            handler.onClosed(cause);
        }
    }

    /** Ends the stream once; false if it had already ended. */
    private boolean finish() {
        if (ended) {
            return false;
        }
        ended = true;
        cancelConfirmTimer();
        if (probeTimer != -1) {
            vertx.cancelTimer(probeTimer);
            probeTimer = -1;
        }
        HttpClientRequest current = request;
        if (current != null) {
            current.reset();
        }
        return true;
    }

    private void cancelConfirmTimer() {
        if (confirmTimer != -1) {
            vertx.cancelTimer(confirmTimer);
            confirmTimer = -1;
        }
    }
}
