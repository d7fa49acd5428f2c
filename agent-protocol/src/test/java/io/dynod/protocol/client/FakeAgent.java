package io.dynod.protocol.client;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in agent for client tests: a real Vert.x HTTP server on an ephemeral loopback port
 * that answers canned responses per {@code "METHOD /path"} and records what it received.
 */
final class FakeAgent implements AutoCloseable {

    record Received(String method, String uri, String authorization, String contentType, byte[] body) {
        String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeAgent(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Answers {@code "METHOD /path"} (path without query) with the given handler. */
    FakeAgent on(String methodAndPath, Handler<HttpServerRequest> handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    FakeAgent json(String methodAndPath, int status, String body) {
        return on(methodAndPath, request -> request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body));
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            received.add(new Received(request.method().name(), request.uri(), request.getHeader("Authorization"),
                    request.getHeader("Content-Type"), body.getBytes()));
            Handler<HttpServerRequest> route = routes.get(request.method().name() + " " + request.path());
            if (route == null) {
                request.response().setStatusCode(404)
                        .end("{\"id\":\"not_found\",\"message\":\"no route " + request.path() + "\"}");
            } else {
                route.handle(request);
            }
        });
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Vertx vertx() {
        return vertx;
    }
}
