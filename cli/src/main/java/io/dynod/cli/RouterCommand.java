package io.dynod.cli;

import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.LeaseKeeper;
import io.dynod.protocol.AgentEndpoint;
import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.router.Router;
import io.dynod.router.table.AgentEventRoutes;
import io.dynod.router.table.AgentFollower;
import io.dynod.router.table.AgentTrafficReporter;
import io.dynod.router.table.AgentWaker;
import io.dynod.router.table.TrafficListener;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.etcd.EtcdRouteSource;
import io.dynod.router.etcd.EtcdTrafficReporter;
import io.dynod.router.etcd.EtcdWaker;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.InMemoryRouteSource;
import io.dynod.router.table.RouteSource;
import io.dynod.router.table.RouteTable;
import io.dynod.router.table.RoutesFile;
import io.dynod.supervisor.linux.SdNotify;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dynod router}: the router on its own, with routes from a static file, a plain list of
 * backends (benchmarks), or an agent's event stream ({@code --agent URL}: it follows the agent's
 * dynos, wakes its sleeping apps through {@code POST /v1/apps/{app}/wake} and reports the apps
 * that had traffic through {@code POST /v1/traffic}, so the agent idles only quiet ones). Runs until
 * SIGTERM/SIGINT, then drains gracefully.
 */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = "The router daemon: Heroku-style HTTP routing to dynos from a static routes file, an agent or etcd.")
final class RouterCommand implements Callable<Integer> {

    static final class Routes {
        @Option(names = "--routes", paramLabel = "FILE", description = "Static routes file (see docs/router.md).")
        Path file;

        @Option(names = "--backends", paramLabel = "HOST:PORT[,...]", split = ",",
                description = "Route every Host to one app served by these backends (benchmarks).")
        List<String> backends;

        @Option(names = "--agent", paramLabel = "URL",
                description = "Follow this agent's dynos (its /v1/events stream) and wake its sleeping apps; "
                        + "token from $DYNOD_TOKEN, else $DYNOD_HOME/agent.token.")
        String agent;

        @Option(names = "--etcd", paramLabel = "URL[,URL...]",
                description = "Routes and wake requests through the etcd of a multi-host fleet, "
                        + "e.g. http://127.0.0.1:2379 (see docs/architecture.md).")
        String etcd;
    }

    @Option(names = "--domain", defaultValue = "${env:DYNOD_ROUTER_DOMAIN:-localhost}",
            description = "With --agent or --etcd: APP.<domain> reaches app APP (${DEFAULT-VALUE}; env DYNOD_ROUTER_DOMAIN).")
    String domain;

    @Mixin
    WakingPageOption wakingPage = new WakingPageOption();

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

    @Option(names = "--traffic-interval", defaultValue = "${env:DYNOD_ROUTER_TRAFFIC_INTERVAL:-10s}",
            description = "With --agent or --etcd: how often the apps that had traffic are reported to the agents, "
                    + "which idle the others; keep it well under the apps' idle-after "
                    + "(${DEFAULT-VALUE}; env DYNOD_ROUTER_TRAFFIC_INTERVAL).")
    String trafficInterval;

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
                .trafficInterval(IdleAfter.parse(trafficInterval).duration().orElseThrow(
                        () -> new InvalidInputException("--traffic-interval must be a duration, not off")))
                .build();
        Router router;
        if (routes.agent != null) {
            AgentClient client = AgentClient.create(AgentEndpoint.resolve(routes.agent));
            Duration retry = Duration.ofSeconds(1); // while the agent is away (restarting)
            AgentFollower follower = new AgentFollower(client,
                    new AgentEventRoutes(domain, wakingPage.predicate()), retry);
            AgentWaker waker = new AgentWaker(client::wake, client::dynos,
                    Executors.newCachedThreadPool(daemon("dynod-router-wake")), retry, config.holdTimeout());
            AgentTrafficReporter traffic = new AgentTrafficReporter(client::reportTraffic, retry);
            router = Router.start(config, follower, waker, traffic);
        } else if (routes.etcd != null) {
            Vertx vertx = Vertx.vertx();
            EtcdHttpClient etcd = new EtcdHttpClient(vertx, EtcdClientOptions.parse(routes.etcd));
            EtcdRouteSource source = new EtcdRouteSource(vertx, etcd, domain).start();
            String routerId = routerId();
            EtcdWaker waker = new EtcdWaker(etcd, routerId, EtcdWaker.DEFAULT_TTL, source::withoutWebDynos);
            EtcdTrafficReporter traffic = new EtcdTrafficReporter(vertx, etcd, routerId, LeaseKeeper.DEFAULT_TTL).start();
            router = Router.start(config, source, waker, traffic);
        } else {
            router = Router.start(config, new InMemoryRouteSource(table()));
        }
        SdNotify systemd = SdNotify.fromEnvironment();
        systemd.ready();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                systemd.stopping();
                router.close();
            } finally {
                stopped.countDown();
            }
        }, "dynod-router-drain"));
        stopped.await();
        return 0;
    }

    /** Names this router in etcd (wake requests, traffic marks): its pid on its host. */
    static String routerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "router-" + ProcessHandle.current().pid() + "@" + host.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
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
