package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's routing table: method + {@link PathPattern} → handler, with the bearer token checked
 * first on every path except {@code /healthz}. Runs on the event loop; handlers hand blocking
 * work to workers through their {@link Call}.
 */
final class Routes implements Handler<HttpServerRequest> {

    private record Route(HttpMethod method, PathPattern pattern, Handler<Call> handler) {
    }

    private final Vertx vertx;
    private final BearerAuth auth;
    private final long maxBodyBytes;
    private final List<Route> routes = new ArrayList<>();

    Routes(Vertx vertx, BearerAuth auth, long maxBodyBytes) {
        this.vertx = vertx;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
    }

    Routes add(HttpMethod method, String pattern, Handler<Call> handler) {
        routes.add(new Route(method, PathPattern.of(pattern), handler));
        return this;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (!path.equals(ApiPaths.HEALTHZ) && !auth.allows(request.getHeader("Authorization"))) {
            Call.reply(request, ApiFailure.unauthorized());
            return;
        }
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.pattern().match(path);
            if (params.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.method())) {
                Call call = new Call(vertx, request, params.get(), maxBodyBytes);
                try {
                    route.handler().handle(call);
                } catch (RuntimeException e) {
                    call.fail(e);
                }
                return;
            }
        }
        Call.reply(request, ApiFailure.notFound(pathKnown
                ? request.method() + " is not allowed on " + path
                : "no such endpoint: " + request.method() + " " + path));
    }
}
