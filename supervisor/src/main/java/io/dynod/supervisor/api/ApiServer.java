package io.dynod.supervisor.api;

import io.dynod.supervisor.config.SupervisorConfig;
import io.dynod.supervisor.control.AgentEvents;
import io.dynod.supervisor.control.Apps;
import io.dynod.supervisor.dyno.AppTraffic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Supplier;

/** The agent's control-plane API (agent-protocol/README.md) on a Vert.x HTTP server. */
public final class ApiServer {
    private final HttpServer server;

    private ApiServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on the configured host and port (loopback by default); completes once it does.
     *
     * @param token   the bearer token every call but {@code /healthz} must carry
     * @param traffic where separate routers' traffic reports go
     * @param metrics the Prometheus text of {@code /metrics} (called on a worker thread)
     */
    public static Future<ApiServer> start(Vertx vertx, SupervisorConfig config, String token, Apps apps,
                                          AgentEvents events, AppTraffic traffic, String version,
                                          Supplier<String> metrics) {
        Routes routes = new Routes(vertx, new BearerAuth(token), config.maxBodyBytes());
        new AgentResource(apps, version, metrics).register(routes);
        new AppsResource(apps).register(routes);
        new ReleasesResource(apps, uploadDir(config), config.maxSlugBytes()).register(routes);
        new FormationResource(apps).register(routes);
        new DynosResource(apps).register(routes);
        new ConfigVarsResource(apps).register(routes);
        new LogStreamResource(apps).register(routes);
        new EventsResource(apps, events, InstantSource.system()).register(routes);
        new TrafficResource(apps, traffic).register(routes);
        HttpServerOptions options = new HttpServerOptions().setHost(config.apiHost()).setPort(config.apiPort())
                .setCompressionSupported(false)
                .setHttp2ClearTextEnabled(false); // the protocol is HTTP/1.1 (streams are chunked responses)
        return vertx.createHttpServer(options).requestHandler(routes).listen().map(ApiServer::new);
    }

    /** Uploaded slugs are written beside the slug cache, so extracting them never crosses a filesystem. */
    static Path uploadDir(SupervisorConfig config) {
        return config.cacheDir().resolve(".uploads");
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }
}
