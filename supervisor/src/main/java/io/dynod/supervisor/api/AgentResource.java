package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.DrainResult;
import io.dynod.protocol.model.Health;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.function.Supplier;

/** The agent as a whole: {@code /healthz}, {@code /metrics}, {@code /v1/drain}, and waking an app. */
final class AgentResource {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Apps apps;
    private final String version;
    private final Supplier<String> metrics;

    AgentResource(Apps apps, String version, Supplier<String> metrics) {
        this.apps = apps;
        this.version = version;
        this.metrics = metrics;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, ApiPaths.HEALTHZ, call -> call.send(200, new Health("ok", version)))
                .add(HttpMethod.GET, ApiPaths.METRICS, call -> call.blocking(metrics::get)
                        .onSuccess(text -> call.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(text))
                        .onFailure(call::fail))
                .add(HttpMethod.POST, ApiPaths.DRAIN, call -> call.answer(200, () -> new DrainResult(apps.drain())))
                .add(HttpMethod.POST, ApiPaths.APPS + "/{app}/wake", call -> {
                    String app = call.app();
                    call.answer(202, () -> apps.wake(app));
                });
    }
}
