package io.dynod.router.support;

import io.dynod.router.Router;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.InMemoryRouteSource;
import io.dynod.router.table.RouteTable;
import io.dynod.router.table.TrafficListener;
import io.dynod.router.table.Waker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A router on a loopback ephemeral port with short timeouts, fed by an in-memory route source,
 * plus an HTTP client that talks to it with any Host header.
 */
public final class RouterFixture implements AutoCloseable {

    public final InMemoryRouteSource routes = new InMemoryRouteSource(RouteTable.empty("test"));
    public final Router router;
    public final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public RouterFixture(RouterConfig config) throws Exception {
        this.router = Router.start(config, routes);
    }

    public RouterFixture(RouterConfig config, Waker waker, TrafficListener traffic) throws Exception {
        this.router = Router.start(config, routes, waker, traffic);
    }

    /** Short timeouts so tests never wait long; tests override what they exercise. */
    public static RouterConfig.Builder testConfig() {
        return RouterConfig.builder()
                .bindHost("127.0.0.1")
                .port(0)
                .adminPort(0)
                .eventLoops(2)
                .connectTimeout(Duration.ofSeconds(2))
                .firstByteTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(10))
                .drainTimeout(Duration.ofSeconds(5));
    }

    public static RouterFixture start() throws Exception {
        return new RouterFixture(testConfig().build());
    }

    /** Publishes one app {@code name} ({@code name.test}) with the given dyno ports (web.1, web.2, ...). */
    public void app(String name, int... ports) {
        app(name, List.of(), ports);
    }

    public void app(String name, List<String> domains, int... ports) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            endpoints.add(Endpoint.up("web." + (i + 1), "127.0.0.1", ports[i]));
        }
        app(new AppRoute(name, domains, endpoints));
    }

    /** Publishes {@code route}, replacing the app of the same name. */
    public synchronized void app(AppRoute route) {
        List<AppRoute> apps = new ArrayList<>(routes.current().apps());
        apps.removeIf(a -> a.app().equals(route.app()));
        apps.add(route);
        routes.publish(new RouteTable("test", apps, Optional.empty()));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + router.port() + path);
    }

    public HttpRequest.Builder request(String host, String path) {
        return HttpRequest.newBuilder(uri(path)).header("Host", host).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> get(String host, String path) throws Exception {
        return client.send(request(host, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            router.drain(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining the router", e);
        }
    }
}
