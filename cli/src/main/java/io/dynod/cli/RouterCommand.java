package io.dynod.cli;

import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.router.Router;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.etcd.EtcdRouteSource;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.InMemoryRouteSource;
import io.dynod.router.table.RouteSource;
import io.dynod.router.table.RouteTable;
import io.dynod.router.table.RoutesFile;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dynod router}: the router on its own, with routes from a static file (or a plain list of
 * backends, for benchmarks). Runs until SIGTERM/SIGINT, then drains gracefully.
 */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = "The router daemon: Heroku-style HTTP routing to dynos from a static routes file or from etcd.")
final class RouterCommand implements Callable<Integer> {

    static final class Routes {
        @Option(names = "--routes", paramLabel = "FILE", description = "Static routes file (see docs/router.md).")
        Path file;

        @Option(names = "--backends", paramLabel = "HOST:PORT[,...]", split = ",",
                description = "Route every Host to one app served by these backends (benchmarks).")
        List<String> backends;

        @Option(names = "--etcd", paramLabel = "URL[,URL...]",
                description = "Routes from the etcd of a multi-host fleet, e.g. http://127.0.0.1:2379 (see docs/architecture.md).")
        String etcd;
    }

    @Option(names = "--base-domain", defaultValue = "${env:DYNOD_BASE_DOMAIN:-localhost}",
            description = "With --etcd: APP.<base-domain> reaches app APP (${DEFAULT-VALUE}; env DYNOD_BASE_DOMAIN).")
    String baseDomain;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Routes routes;

    @Option(names = "--bind", defaultValue = "${env:DYNOD_ROUTER_BIND:-0.0.0.0}", description = "Address to listen on (${DEFAULT-VALUE}; env DYNOD_ROUTER_BIND).")
    String bind;

    @Option(names = "--port", defaultValue = "${env:DYNOD_ROUTER_PORT:-5000}", description = "HTTP port (${DEFAULT-VALUE}; env DYNOD_ROUTER_PORT).")
    int port;

    @Option(names = "--admin-port", defaultValue = "${env:DYNOD_ROUTER_ADMIN_PORT:--1}", description = "Port for /metrics; -1 turns it off (${DEFAULT-VALUE}; env DYNOD_ROUTER_ADMIN_PORT).")
    int adminPort;

    @Option(names = "--event-loops", defaultValue = "${env:DYNOD_ROUTER_EVENT_LOOPS:-0}", description = "Event-loop threads; 0 = one per CPU (env DYNOD_ROUTER_EVENT_LOOPS).")
    int eventLoops;

    @Option(names = "--drain-timeout", defaultValue = "${env:DYNOD_ROUTER_DRAIN_TIMEOUT:-30}", description = "Seconds a graceful stop waits for requests in flight (${DEFAULT-VALUE}).")
    long drainSeconds;

    @Override
    public Integer call() throws Exception {
        RouterConfig config = RouterConfig.builder()
                .bindHost(bind)
                .port(port)
                .adminPort(adminPort)
                .eventLoops(eventLoops)
                .drainTimeout(Duration.ofSeconds(drainSeconds))
                .build();
        RouteSource source = source();
        Router router = Router.start(config, source);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                router.close();
            } finally {
                stopped.countDown();
            }
        }, "dynod-router-drain"));
        stopped.await();
        return 0;
    }

    /** The route source the flags ask for; with --etcd, one that follows etcd until the process ends. */
    RouteSource source() throws Exception {
        if (routes.etcd == null) {
            return new InMemoryRouteSource(table());
        }
        EtcdClientOptions options = EtcdClientOptions.parse(routes.etcd);
        Vertx vertx = Vertx.vertx();
        return new EtcdRouteSource(vertx, new EtcdHttpClient(vertx, options), baseDomain).start();
    }

    RouteTable table() throws Exception {
        if (routes.file != null) {
            return RoutesFile.read(routes.file);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String target : routes.backends) {
            int colon = target.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--backends: '" + target + "' (expected: HOST:PORT)");
            }
            int port;
            try {
                port = Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--backends: port of '" + target + "' is not a number");
            }
            endpoints.add(Endpoint.up("web." + (endpoints.size() + 1), target.substring(0, colon), port));
        }
        return new RouteTable("localhost", List.of(new AppRoute("default", List.of(), endpoints)),
                Optional.of("default"));
    }
}
