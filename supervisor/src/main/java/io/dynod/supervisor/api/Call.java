package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.json.JsonCodec;
import io.dynod.protocol.model.Names;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API request being answered: its path parameters, its body (read with a size cap), blocking
 * work handed to a worker thread, and the answer, JSON or an error body.
 */
final class Call {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);
    /** The most of a refused body read (and dropped) before the connection closes anyway. */
    static final long DRAIN_LIMIT_BYTES = 64L << 20;
    static final long DRAIN_LIMIT_MILLIS = 5_000;

    final Vertx vertx;
    final HttpServerRequest request;
    private final Map<String, String> params;
    private final long maxBodyBytes;

    Call(Vertx vertx, HttpServerRequest request, Map<String, String> params, long maxBodyBytes) {
        this.vertx = vertx;
        this.request = request;
        this.params = params;
        this.maxBodyBytes = maxBodyBytes;
    }

    HttpServerResponse response() {
        return request.response();
    }

    /** The {@code {app}} path segment, checked against the naming rule. */
    String app() {
        return Names.appName(params.get("app"));
    }

    String param(String name) {
        return params.get(name);
    }

    /** Refuses query parameters other than {@code allowed}. */
    void allowQuery(Set<String> allowed) {
        for (String name : request.params().names()) {
            if (!allowed.contains(name)) {
                throw new ApiFailure.ApiException(ApiFailure.badRequest("unknown query parameter \"" + name + "\""
                        + (allowed.isEmpty() ? "" : " (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")")));
            }
        }
    }

    /** The whole body, refused with 413 past the cap; empty when there is none. */
    Future<Buffer> body() {
        return body(maxBodyBytes);
    }

    Future<Buffer> body(long cap) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > cap) {
            return Future.failedFuture(tooLarge(cap));
        }
        Promise<Buffer> result = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (result.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > cap) {
                result.tryFail(tooLarge(cap));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(result::tryFail);
        request.endHandler(end -> result.tryComplete(body));
        return result.future();
    }

    /** The JSON body as {@code type}, strictly; an empty body is {@code whenEmpty} (null: required). */
    <T> Future<T> json(Class<T> type, String what, T whenEmpty) {
        return body().compose(buffer -> {
            if (buffer.length() == 0 && whenEmpty != null) {
                return Future.succeededFuture(whenEmpty);
            }
            return blocking(() -> JsonCodec.decodeRequest(buffer, type, what));
        });
    }

    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    /** Runs {@code work} on a worker and answers its result as JSON with {@code status}. */
    <T> void answer(int status, Callable<T> work) {
        blocking(work).onComplete(result -> {
            if (result.succeeded()) {
                send(status, result.result());
            } else {
                fail(result.cause());
            }
        });
    }

    void send(int status, Object body) {
        HttpServerResponse response = response().setStatusCode(status);
        if (body == null) {
            response.end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.JSON).end(JsonCodec.encodeToBuffer(body));
        }
    }

    void fail(Throwable error) {
        ApiFailure failure = ApiFailure.of(error);
        if (failure.isInternal()) {
            LOG.error("{} {} failed", request.method(), request.path(), error);
        }
        reply(request, failure);
    }

    /** Answers an error, or cuts the connection when a streamed answer has begun. */
    static void reply(HttpServerRequest request, ApiFailure failure) {
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            if (!response.ended()) {
                request.connection().close();
            }
            return;
        }
        if (failure.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (failure.status() == 413 || !request.isEnded()) {
            response.putHeader(HttpHeaders.CONNECTION, "close"); // the rest of the body is not read
        }
        boolean close = failure.status() == 413 || !request.isEnded();
        response.setStatusCode(failure.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.JSON)
                .end(JsonCodec.encodeToBuffer(failure.body()))
                .onComplete(sent -> {
                    if (close) {
                        closeAfterTheBody(request);
                    }
                });
    }

    /**
     * Closes the connection once the client has sent the rest of its refused body (bounded in
     * bytes and time): closing with unread bytes makes the kernel reset the connection, which can
     * destroy the answer before the client has read it.
     */
    private static void closeAfterTheBody(HttpServerRequest request) {
        var connection = request.connection();
        var context = Vertx.currentContext();
        if (request.isEnded() || context == null) {
            connection.close();
            return;
        }
        long[] dropped = {0};
        long timer = context.owner().setTimer(DRAIN_LIMIT_MILLIS, t -> connection.close());
        request.exceptionHandler(e -> connection.close());
        request.endHandler(end -> {
            context.owner().cancelTimer(timer);
            connection.close();
        });
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > DRAIN_LIMIT_BYTES) {
                connection.close();
            }
        });
        request.resume();
    }

    /** The request's Content-Length, or -1 without one. */
    long contentLength() {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? -1 : parseLength(length);
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new ApiFailure.ApiException(ApiFailure.badRequest("Content-Length \"" + length + "\" is not a number"));
        }
    }

    private static ApiFailure.ApiException tooLarge(long cap) {
        return new ApiFailure.ApiException(ApiFailure.tooLarge("request body over the limit of " + cap + " bytes"));
    }
}
