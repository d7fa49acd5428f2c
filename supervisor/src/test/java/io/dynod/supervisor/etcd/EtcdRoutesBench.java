package io.dynod.supervisor.etcd;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.Keys;
import io.dynod.router.Router;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.etcd.EtcdRouteSource;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import io.dynod.supervisor.dyno.DynoChange;
import io.dynod.supervisor.dyno.DynoName;
import io.dynod.supervisor.dyno.DynoState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Route propagation and router table cost with routes in etcd, run by {@code bench/etcd-routes.sh}
 * against an etcd the script started. For each fleet size (apps, 3 web dynos each, one custom
 * domain each) it fills etcd, starts two real {@link Router}s on {@link EtcdRouteSource}s (each
 * with its own Vert.x and etcd client, as two router processes would have), and then makes timed
 * changes through the agent's real publishing path ({@link EtcdPublisher}, one agent on 127.0.0.2
 * whose dynos all point at one real HTTP backend there). Each change: a dyno of a probe app goes
 * {@code starting} (untimed, awaited in both routers; the agent also writes its app record), then
 * {@code up} (timed: one put), then is removed (untimed, awaited). Timed, from just before the {@code up} change is handed to the publisher:
 * <ul>
 *   <li>"table": until both routers have applied a table with the dyno up (a route-table listener
 *       subscribed after the router's own, so it runs once the router's live routes are swapped);
 *   <li>"served": until a real HTTP request sent to each router as soon as its table had the dyno
 *       up came back from the backend through both routers (probe apps have no other dyno, so the
 *       answer proves the route).
 * </ul>
 * "watch event" is until the change's watch event reached both routers (decoded), i.e. the
 * agent's write through etcd to the routers' watches; "table" minus that is the routers' part.
 * "next request" is one more request to the same app through each router right after (the router
 * now has a connection to the dyno), one router after the other, per router: what a proxied
 * request costs in this set-up. "apply" is the router-side cost of one change: from the watch
 * event reaching the route source (after JSON decoding) to the end of the router's table swap, per
 * router. "initial load" is from starting the route source until its first table is live in the
 * router (range reads + build), in brackets until the last range read completed. "heap" is the
 * JVM's used heap after a full GC with both routers loaded minus the same before they started,
 * halved.
 */
public final class EtcdRoutesBench {

    private static final String BASE_DOMAIN = "dynod.bench";
    private static final String AGENT_HOST = "127.0.0.2";
    private static final String AGENT_ID = "bench-agent";
    /** How the probe dyno shows in the route table: fleet dyno keys name their agent. */
    private static final String PROBE_DYNO = "web.1@" + AGENT_ID;
    private static final int PROBE_APPS = 20;
    private static final int DYNOS_PER_APP = 3;
    private static final int LOAD_WINDOW = 256;
    private static final Duration STEP_DEADLINE = Duration.ofSeconds(10);

    private EtcdRoutesBench() {}

    public static void main(String[] args) throws Exception {
        String etcdUrl = args[0];
        int changes = Integer.parseInt(args[1]);
        List<Integer> sizes = new ArrayList<>();
        for (String size : args[2].split(",")) {
            sizes.add(Integer.parseInt(size.trim()));
        }
        int warmup = Math.max(10, changes / 10);
        Vertx backendVertx = Vertx.vertx();
        HttpServer backend = backend(backendVertx);
        int backendPort = backend.actualPort();
        List<Result> results = new ArrayList<>();
        try {
            for (int size : sizes) {
                results.add(run(etcdUrl, size, changes, warmup, backendPort));
            }
        } finally {
            backendVertx.close().await();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d timed changes per size after %d warm-up; times in ms%n", changes, warmup);
        System.out.println("| apps / dynos in etcd | initial load (range reads) A / B | heap per router | "
                + "watch event p50 / p99 / max | table p50 / p99 / max | served p50 / p99 / max | next request p50 / p99 / max "
                + "| apply p50 / p99 / max |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.println(r.row());
        }
    }

    private record Result(int apps, int dynos, double readA, double loadA, double readB, double loadB,
                          long heapPerRouter, Histogram event, Histogram table, Histogram served, Histogram again,
                          Histogram apply) {
        String row() {
            return String.format(Locale.ROOT, "| %,d / %,d | %.0f (%.0f) / %.0f (%.0f) ms | %.1f MiB | %s | %s | %s | %s | %s |",
                    apps, dynos, loadA, readA, loadB, readB, heapPerRouter / 1048576.0, summary(event), summary(table),
                    summary(served), summary(again), summary(apply));
        }
    }

    private static String summary(Histogram h) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
    }

    private static Result run(String etcdUrl, int apps, int changes, int warmup, int backendPort) throws Exception {
        Vertx loaderVertx = Vertx.vertx();
        EtcdHttpClient loader = new EtcdHttpClient(loaderVertx, EtcdClientOptions.parse(etcdUrl)
                .withRequestTimeout(Duration.ofSeconds(30)));
        await(loader.deletePrefix(Keys.ROOT));
        long loadStart = System.nanoTime();
        fill(loader, apps);
        System.out.printf(Locale.ROOT, "%,d apps / %,d dynos put into etcd in %.1f s%n", apps, apps * DYNOS_PER_APP,
                (System.nanoTime() - loadStart) / 1e9);
        loader.close();
        loaderVertx.close().await();

        long heapBefore = heapAfterGc();
        List<BenchRouter> routers = List.of(new BenchRouter(etcdUrl), new BenchRouter(etcdUrl));
        for (BenchRouter router : routers) {
            router.start();
        }
        for (BenchRouter router : routers) {
            router.firstTable.get(60, TimeUnit.SECONDS);
        }
        long heapPerRouter = (heapAfterGc() - heapBefore) / routers.size();
        System.out.printf(Locale.ROOT, "routers loaded in %.0f / %.0f ms; %.1f MiB heap each%n",
                routers.get(0).loadMillis(), routers.get(1).loadMillis(), heapPerRouter / 1048576.0);

        Vertx agentVertx = Vertx.vertx();
        EtcdHttpClient agentClient = new EtcdHttpClient(agentVertx, EtcdClientOptions.parse(etcdUrl));
        EtcdPublisher agent = new EtcdPublisher(agentVertx, agentClient, AGENT_HOST, AGENT_ID,
                Duration.ofSeconds(10));
        agent.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        Histogram table = new Histogram(3);
        Histogram served = new Histogram(3);
        Histogram event = new Histogram(3);
        Histogram again = new Histogram(3);
        Histogram apply = new Histogram(3);
        try {
            for (int i = 0; i < warmup + changes; i++) {
                boolean timed = i >= warmup;
                String app = "probe-" + (i % PROBE_APPS);
                DynoName web = DynoName.parse("web.1");
                agent.changed(change(app, web, DynoState.DOWN, DynoState.STARTING, backendPort));
                awaitAll(routers, app, e -> !e.up());

                List<CompletableFuture<Long>> seen = new ArrayList<>();
                for (BenchRouter router : routers) {
                    seen.add(router.await(app, Endpoint::up));
                }
                long start = System.nanoTime();
                agent.changed(change(app, web, DynoState.STARTING, DynoState.UP, backendPort));
                List<CompletableFuture<Long>> answered = new ArrayList<>();
                for (int r = 0; r < routers.size(); r++) {
                    BenchRouter router = routers.get(r);
                    answered.add(seen.get(r).thenCompose(at -> router.request(http, app)));
                }
                long tableDone = 0;
                for (CompletableFuture<Long> f : seen) {
                    tableDone = Math.max(tableDone, f.get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
                }
                long servedDone = 0;
                for (CompletableFuture<Long> f : answered) {
                    servedDone = Math.max(servedDone, f.get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
                }
                long againStart = System.nanoTime();
                for (BenchRouter router : routers) {
                    router.request(http, app).get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                }
                long againNanos = (System.nanoTime() - againStart) / routers.size();
                if (timed) {
                    table.recordValue(tableDone - start);
                    event.recordValue(Math.max(routers.get(0).lastEventAt, routers.get(1).lastEventAt) - start);
                    served.recordValue(servedDone - start);
                    again.recordValue(againNanos);
                    for (BenchRouter router : routers) {
                        apply.recordValue(router.lastApplyNanos);
                    }
                }
                agent.removed(app, web);
                awaitAll(routers, app, null);
            }
        } finally {
            agent.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            agentClient.close();
            agentVertx.close().await();
            for (BenchRouter router : routers) {
                router.close();
            }
        }
        return new Result(apps, apps * DYNOS_PER_APP, routers.get(0).readMillis, routers.get(0).loadMillis(),
                routers.get(1).readMillis, routers.get(1).loadMillis(), heapPerRouter, event, table, served, again, apply);
    }

    private static DynoChange change(String app, DynoName dyno, DynoState from, DynoState to, int port) {
        return new DynoChange(app, dyno, from, to, 1, Instant.now(), OptionalInt.of(port));
    }

    /** Waits until every router's table has {@code app}'s probe dyno matching {@code state} (null: gone). */
    private static void awaitAll(List<BenchRouter> routers, String app, Predicate<Endpoint> state) throws Exception {
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (BenchRouter router : routers) {
            all.add(router.await(app, state));
        }
        for (CompletableFuture<Long> f : all) {
            f.get(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** {@code apps} app records with one domain and {@code 3 × apps} up web dynos, at most 256 puts in flight. */
    private static void fill(EtcdClient etcd, int apps) throws Exception {
        List<Future<Long>> window = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            String app = String.format(Locale.ROOT, "app-%05d", a);
            window.add(etcd.put(Keys.app(app), new AppEntry(List.of(app + ".example.com"), false).toJson()));
            for (int d = 1; d <= DYNOS_PER_APP; d++) {
                String host = "127.0." + (1 + a % 200) + "." + (1 + d);
                window.add(etcd.put(Keys.dyno(app, "web." + d),
                        new DynoEntry(host, 20000 + a % 40000, "up", 1, "bench-" + a + "-" + d).toJson()));
            }
            if (window.size() >= LOAD_WINDOW) {
                await(Future.all(window));
                window.clear();
            }
        }
        await(Future.all(window));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The app's name in the answer: which app's route the request took. */
    private static HttpServer backend(Vertx vertx) throws Exception {
        return vertx.createHttpServer()
                .requestHandler(request -> request.response().end(String.valueOf(request.getHeader("Host"))))
                .listen(0, AGENT_HOST)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One router process's worth: its Vert.x, etcd client, route source and router. */
    private static final class BenchRouter {
        private final Vertx vertx = Vertx.vertx();
        private final TimedEtcdClient etcd;
        private final EtcdRouteSource source;
        private final Router router;
        private final CompletableFuture<Long> firstTable = new CompletableFuture<>();
        private volatile Awaited awaited;
        private volatile long startedAt;
        private volatile long lastApplyNanos;
        private volatile long lastEventAt;
        private volatile double readMillis;

        BenchRouter(String etcdUrl) throws Exception {
            etcd = new TimedEtcdClient(new EtcdHttpClient(vertx, EtcdClientOptions.parse(etcdUrl)));
            source = new EtcdRouteSource(vertx, etcd, BASE_DOMAIN);
            router = Router.start(RouterConfig.builder().bindHost("127.0.0.1").port(0).eventLoops(1).build(), source);
            // subscribed after the router: runs once the router has swapped its live routes
            source.subscribe(this::tableApplied);
        }

        void start() {
            startedAt = System.nanoTime();
            source.start();
        }

        double loadMillis() {
            return (firstTable.join() - startedAt) / 1e6;
        }

        private void tableApplied(RouteTable table) {
            long now = System.nanoTime();
            if (!firstTable.isDone()) {
                readMillis = (etcd.lastRangeAt - startedAt) / 1e6;
                firstTable.complete(now);
            }
            Awaited waiting = awaited;
            if (waiting != null && waiting.matches(table)) {
                lastEventAt = etcd.lastEventsAt;
                lastApplyNanos = now - lastEventAt;
                awaited = null;
                waiting.done.complete(now);
            }
        }

        CompletableFuture<Long> await(String app, Predicate<Endpoint> state) {
            Awaited waiting = new Awaited(app, state, new CompletableFuture<>());
            awaited = waiting;
            if (waiting.matches(source.current())) {
                awaited = null;
                waiting.done.complete(System.nanoTime());
            }
            return waiting.done;
        }

        CompletableFuture<Long> request(HttpClient http, String app) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/"))
                    .header("Host", app + "." + BASE_DOMAIN).timeout(STEP_DEADLINE).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                long now = System.nanoTime();
                if (response.statusCode() != 200 || !response.body().startsWith(app + ".")) {
                    throw new IllegalStateException("router answered " + response.statusCode() + " " + response.body()
                            + " for " + app);
                }
                return now;
            });
        }

        void close() {
            router.close();
            source.close();
            etcd.close();
            vertx.close().await();
        }
    }

    /** What a router's table must show: {@code app}'s probe dyno in a state, or gone (null state). */
    private record Awaited(String app, Predicate<Endpoint> state, CompletableFuture<Long> done) {
        boolean matches(RouteTable table) {
            AppRoute route = table.app(app);
            if (route != null) {
                for (Endpoint e : route.endpoints()) {
                    if (e.dyno().equals(PROBE_DYNO)) {
                        return state != null && state.test(e);
                    }
                }
            }
            return state == null;
        }
    }
}
