package io.dynod.router.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.Await;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.Keys;
import io.dynod.cluster.LeaseKeeper;
import io.dynod.cluster.SingleEtcd;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import io.dynod.router.table.Waker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two routers' route sources on one real etcd, fed the way agents write their dynos. */
class EtcdRoutesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration TTL = Duration.ofSeconds(2);

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        cleanup.clear();
        Await.result(single.client.deletePrefix(Keys.ROOT));
    }

    /** A router's view: its own client (short timeouts, so an outage shows quickly). */
    private Router router() {
        EtcdHttpClient client = new EtcdHttpClient(single.vertx, EtcdClientOptions.parse(single.process.clientUrl())
                .withRequestTimeout(Duration.ofSeconds(1)).withWatchProbe(Duration.ofMillis(300)));
        EtcdRouteSource source = new EtcdRouteSource(single.vertx, client, "dynod.test");
        AtomicReference<RouteTable> seen = new AtomicReference<>();
        source.subscribe(seen::set);
        source.start();
        cleanup.add(client);
        cleanup.add(source);
        Await.until(DEADLINE, "the first table", () -> seen.get() != null);
        return new Router(source, seen);
    }

    private record Router(EtcdRouteSource source, AtomicReference<RouteTable> seen) {
        /** app → "dyno@host:port" of its up dynos, from the last table handed to the subscriber. */
        Map<String, TreeSet<String>> up() {
            Map<String, TreeSet<String>> out = new TreeMap<>();
            for (AppRoute app : seen.get().apps()) {
                TreeSet<String> ups = new TreeSet<>();
                for (Endpoint e : app.endpoints()) {
                    if (e.up()) {
                        ups.add(e.dyno() + "@" + e.host() + ":" + e.port());
                    }
                }
                out.put(app.app(), ups);
            }
            return out;
        }
    }

    private static void putDyno(String app, String dyno, String host, int port, String state) {
        Await.result(single.client.put(Keys.dyno(app, dyno), new DynoEntry(host, port, state, 3, "i-" + port).toJson()));
    }

    @Test
    void bothRoutersFollowEveryChangeAndRouteOnlyToUpDynos() {
        putDyno("hello", "web.1", "127.0.0.2", 5001, "up");
        Router a = router();
        Router b = router();
        assertThat(a.up()).containsEntry("hello", new TreeSet<>(List.of("web.1@127.0.0.2:5001")));

        putDyno("hello", "web.2", "127.0.0.3", 5002, "starting");
        putDyno("hello", "worker.1", "127.0.0.3", 0, "up");
        Await.result(single.client.put(Keys.app("hello"), new AppEntry(List.of("Hello.Example.com"), false).toJson()));
        putDyno("hello", "web.2", "127.0.0.3", 5002, "up");
        putDyno("other", "web.1", "127.0.0.2", 5003, "up");
        putDyno("hello", "web.1", "127.0.0.2", 5001, "idle");
        Map<String, TreeSet<String>> expected = Map.of(
                "hello", new TreeSet<>(List.of("web.2@127.0.0.3:5002")),
                "other", new TreeSet<>(List.of("web.1@127.0.0.2:5003")));
        for (Router r : List.of(a, b)) {
            // app records and dyno entries are watched as two prefixes: no order between them
            Await.until(DEADLINE, "the router follows the agents", () -> r.up().equals(expected)
                    && r.seen().get().apps().get(0).domains().equals(List.of("hello.example.com")));
            AppRoute hello = r.seen().get().apps().get(0);
            assertThat(hello.domains()).containsExactly("hello.example.com");
            assertThat(hello.endpoints()).extracting(Endpoint::dyno).as("workers are not routed to")
                    .containsExactly("web.1", "web.2");
        }

        Await.result(single.client.delete(Keys.dyno("other", "web.1")));
        Await.result(single.client.put(Keys.app("hello"), new AppEntry(List.of(), true).toJson()));
        for (Router r : List.of(a, b)) {
            Await.until(DEADLINE, "the removed app is gone", () -> !r.up().containsKey("other"));
            Await.until(DEADLINE, "the sleep state is known", () -> r.source().sleeping("hello"));
        }
    }

    @Test
    void aRecordThatCannotBeReadIsSkippedNotFatal() {
        Router a = router();
        Await.result(single.client.put(Keys.dyno("bad", "web.1"), "{\"host\":\"127.0.0.2\",\"port\":\"x\"}"));
        putDyno("good", "web.1", "127.0.0.2", 5001, "up");
        Await.until(DEADLINE, "the good dyno", () -> a.up().containsKey("good"));
        assertThat(a.up()).doesNotContainKey("bad");
    }

    /** An agent as etcd sees it: a lease kept alive from its own Vert.x, its dynos under that lease. */
    private static final class Agent {
        final Vertx vertx = Vertx.vertx();
        final EtcdHttpClient client = new EtcdHttpClient(vertx, EtcdClientOptions.parse(single.process.clientUrl()));
        final LeaseKeeper keeper;

        Agent(String host, int firstPort, int dynos) {
            keeper = new LeaseKeeper(vertx, client, TTL, lease -> {
                List<Future<Long>> puts = new ArrayList<>();
                for (int i = 0; i < dynos; i++) {
                    puts.add(client.put(Keys.dyno("hello", "web." + (firstPort + i)),
                            new DynoEntry(host, firstPort + i, "up", 1, host + "-" + i).toJson(), lease));
                }
                return Future.all(puts);
            });
            Await.result(keeper.start());
        }

        /** Like kill -9: no revoke, the lease just stops being refreshed. */
        void kill() {
            Await.result(vertx.close());
        }
    }

    @Test
    void aKilledAgentsDynosLeaveBothTablesWithinOneLeaseTtl() {
        Agent survivor = new Agent("127.0.0.2", 5100, 2);
        cleanup.add(() -> Await.result(survivor.keeper.close().eventually(() -> survivor.vertx.close())));
        Agent victim = new Agent("127.0.0.3", 5200, 2);
        Router a = router();
        Router b = router();
        for (Router r : List.of(a, b)) {
            Await.until(DEADLINE, "four dynos", () -> r.up().getOrDefault("hello", new TreeSet<>()).size() == 4);
        }

        long killedAt = System.nanoTime();
        victim.kill();
        for (Router r : List.of(a, b)) {
            Await.until(TTL.plusSeconds(2), "the dead agent's dynos leave the table",
                    () -> r.up().get("hello").size() == 2);
        }
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(tookMillis).as("etcd expires the lease after its TTL, not before").isGreaterThan(TTL.toMillis() / 2);
        assertThat(a.up().get("hello")).allMatch(s -> s.contains("127.0.0.2")).isEqualTo(b.up().get("hello"));
    }

    private static String staleGauge(io.dynod.router.Router router) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + router.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("dynod_router_routes_stale_seconds ")).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keepsTheLastTableWhileEtcdIsDownThenConvergesToTheAgentsTruth() throws Exception {
        putDyno("hello", "web.1", "127.0.0.2", 5001, "up");
        putDyno("hello", "web.2", "127.0.0.3", 5002, "up");
        Router a = router();
        Router b = router();
        io.dynod.router.Router served = io.dynod.router.Router.start(RouterFixture.testConfig().build(), a.source());
        cleanup.add(served);
        assertThat(staleGauge(served)).isEqualTo("dynod_router_routes_stale_seconds 0.0");
        Map<String, TreeSet<String>> before = a.up();
        assertThat(before.get("hello")).hasSize(2);

        single.process.stop();
        try {
            for (Router r : List.of(a, b)) {
                Await.until(DEADLINE, "the router reports stale routes", () -> r.source().staleSince().isPresent());
            }
            // longer than an agent lease TTL: nothing on the router side may expire its table
            long until = System.nanoTime() + TTL.plusSeconds(1).toNanos();
            Await.until(TTL.plusSeconds(3), "more than one TTL passed", () -> System.nanoTime() - until > 0);
            assertThat(a.up()).isEqualTo(before);
            assertThat(b.up()).isEqualTo(before);
            assertThat(staleGauge(served)).isNotEqualTo("dynod_router_routes_stale_seconds 0.0");
        } finally {
            single.process.restart();
        }
        putDyno("hello", "web.2", "127.0.0.3", 5002, "crashed");
        putDyno("hello", "web.3", "127.0.0.4", 5003, "up");
        Map<String, TreeSet<String>> truth = Map.of("hello", new TreeSet<>(List.of("web.1@127.0.0.2:5001", "web.3@127.0.0.4:5003")));
        for (Router r : List.of(a, b)) {
            Await.until(DEADLINE, "the router converges back", () -> r.up().equals(truth));
            Await.until(DEADLINE, "the router is live again", () -> r.source().staleSince().isEmpty());
        }
        assertThat(staleGauge(served)).isEqualTo("dynod_router_routes_stale_seconds 0.0");
    }

    @Test
    void anAppTheFleetRunsWithoutWebDynosGetsH14NotAWake() throws Exception {
        Router a = router();
        Await.result(single.client.put(Keys.app("jobs", "agent-a"),
                new AppEntry(List.of(), false, Map.of("worker", 2)).toJson()));
        Await.result(single.client.put(Keys.app("sleepy", "agent-a"),
                new AppEntry(List.of(), true, Map.of("web", 1)).toJson()));
        Await.result(single.client.put(Keys.app("sleepy", "agent-b"),
                new AppEntry(List.of(), true, Map.of("worker", 1)).toJson()));
        Await.until(DEADLINE, "the records are read", () -> a.source().withoutWebDynos("jobs")
                && a.source().sleeping("sleepy"));
        assertThat(a.source().withoutWebDynos("sleepy")).as("one agent runs its web dyno").isFalse();
        assertThat(a.source().withoutWebDynos("unknown")).as("no record: nothing known").isFalse();

        EtcdWaker waker = new EtcdWaker(single.client, "router-a", Duration.ofSeconds(5), a.source()::withoutWebDynos);
        assertThat(waker.wake("jobs").toCompletableFuture().get()).isEqualTo(Waker.Outcome.NO_WEB_DYNOS);
        assertThat(Await.result(single.client.get(Keys.wake("jobs")))).as("no wake request for it").isEmpty();
        assertThat(waker.wake("sleepy").toCompletableFuture().get()).isEqualTo(Waker.Outcome.BOOTING);
        assertThat(Await.result(single.client.get(Keys.wake("sleepy")))).isPresent();
    }

    @Test
    void twoHundredConcurrentWakesAcrossTwoRoutersCreateOneRequest() throws Exception {
        EtcdWaker one = new EtcdWaker(single.client, "router-a", Duration.ofSeconds(5));
        EtcdWaker two = new EtcdWaker(single.client, "router-b", Duration.ofSeconds(5));
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            EtcdWaker waker = i % 2 == 0 ? one : two;
            Thread caller = new Thread(() -> waker.wake("sleepy"));
            caller.start();
            callers.add(caller);
        }
        for (Thread t : callers) {
            t.join(DEADLINE.toMillis());
        }
        Await.until(DEADLINE, "the wake request exists",
                () -> Await.result(single.client.get(Keys.wake("sleepy"))).isPresent());
        Await.result(one.request("sleepy"));
        Await.result(two.request("sleepy"));
        assertThat(one.created() + two.created()).isEqualTo(1);
        assertThat(Await.result(single.client.get(Keys.wake("sleepy"))).orElseThrow().lease())
                .as("under a router lease, so an unserved request expires").isNotZero();
    }
}
