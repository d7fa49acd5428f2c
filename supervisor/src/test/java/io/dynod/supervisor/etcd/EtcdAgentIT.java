package io.dynod.supervisor.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.Await;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.SingleEtcd;
import io.dynod.router.etcd.EtcdRouteSource;
import io.dynod.router.etcd.EtcdWaker;
import io.dynod.router.table.Endpoint;
import io.dynod.supervisor.dyno.CyclePolicy;
import io.dynod.supervisor.dyno.DynoManager;
import io.dynod.supervisor.dyno.DynoState;
import io.dynod.supervisor.dyno.DynoStatus;
import io.dynod.supervisor.dyno.FakeRuntime;
import io.dynod.supervisor.dyno.ManagerSettings;
import io.dynod.supervisor.dyno.RestartPolicy;
import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents publishing their dynos to a real etcd and serving wake requests. Each agent is a real
 * {@link DynoManager} over a runtime that starts no processes, with its own Vert.x, etcd client,
 * lease and advertised loopback address.
 */
class EtcdAgentIT {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");
    private static final Release V1 = new Release(1, new SlugRef("f".repeat(64)), ConfigVars.empty(),
            Map.of("web", "serve", "worker", "work"), T0, "v1");

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    @TempDir
    Path dir;

    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        routeSources.forEach(EtcdRouteSource::close);
        agents.forEach(Agent::close);
        Await.result(single.client.deletePrefix(Keys.ROOT));
    }

    private final class Agent {
        final String host;
        final FakeRuntime runtime = new FakeRuntime();
        final DynoManager manager;
        final Vertx vertx = Vertx.vertx();
        final EtcdHttpClient client = new EtcdHttpClient(vertx, EtcdClientOptions.parse(single.process.clientUrl())
                .withRequestTimeout(Duration.ofSeconds(1)));
        final EtcdPublisher publisher;
        final EtcdWakeWatcher wakes;
        boolean killed;

        Agent(String host) {
            this.host = host;
            Path home = dir.resolve(host);
            manager = new DynoManager(runtime, spec -> true, new ManagerSettings(Duration.ofSeconds(60),
                    Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofMillis(50),
                    RestartPolicy.heroku(Duration.ofHours(1), new SplittableRandom(1)),
                    CyclePolicy.heroku(new SplittableRandom())), InstantSource.system(), new AppLogs(),
                    (app, r) -> home, new RunDir(home.resolve("run"), new StateStore()));
            publisher = new EtcdPublisher(vertx, client, host, "agent-" + host, TTL);
            wakes = new EtcdWakeWatcher(vertx, client, publisher, manager::wake, DEADLINE);
            join(manager.addListener(publisher));
            Await.result(publisher.start());
            wakes.start();
            agents.add(this);
        }

        void run(String app, int web, int workers) {
            join(manager.apply(app, V1, Formation.empty().with("web", new Formation.Scale(web, DynoSize.DEFAULT))
                    .with("worker", new Formation.Scale(workers, DynoSize.DEFAULT))));
        }

        List<DynoStatus> ps(String app) {
            return join(manager.ps(app));
        }

        void awaitAll(String app, DynoState state) {
            Await.until(DEADLINE, app + " all " + state.wireName() + " on " + host,
                    () -> !ps(app).isEmpty() && ps(app).stream().allMatch(s -> s.state() == state));
        }

        /** Like kill -9 for etcd: the lease is not revoked, it just stops being refreshed. */
        void kill() {
            killed = true;
            wakes.close();
            Await.result(vertx.close());
        }

        void close() {
            manager.close();
            if (!killed) {
                wakes.close();
                Await.result(publisher.close().eventually(vertx::close));
            }
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** key → entry of every dyno in etcd. */
    private static Map<String, DynoEntry> etcdDynos() {
        Map<String, DynoEntry> out = new TreeMap<>();
        for (KeyValue kv : Await.result(single.client.rangePrefix(Keys.DYNOS)).kvs()) {
            out.put(kv.key(), DynoEntry.parse(kv.key(), kv.value()));
        }
        return out;
    }

    /** What the agent's own {@code ps} says, as etcd should hold it. */
    private static Map<String, String> truth(Agent agent, String app) {
        Map<String, String> out = new TreeMap<>();
        for (DynoStatus s : agent.ps(app)) {
            out.put(Keys.dyno(app, s.name().toString(), agent.publisher.agentId()), agent.host + ":" + s.port().orElse(0) + " " + s.state().wireName());
        }
        return out;
    }

    private static Map<String, String> seen(String app) {
        Map<String, String> out = new TreeMap<>();
        etcdDynos().forEach((key, e) -> {
            if (key.startsWith(Keys.dynosOf(app))) {
                out.put(key, e.host() + ":" + e.port() + " " + e.state());
            }
        });
        return out;
    }

    private final List<EtcdRouteSource> routeSources = new ArrayList<>();

    /** A router's route source on the shared etcd. */
    private EtcdRouteSource router() {
        EtcdRouteSource source = new EtcdRouteSource(single.vertx, single.client, "dynod.test").start();
        routeSources.add(source);
        return source;
    }

    /** Hosts of the up web dynos of {@code app} in the router's current table. */
    private static List<String> upHosts(EtcdRouteSource router, String app) {
        return router.current().apps().stream().filter(a -> a.app().equals(app))
                .flatMap(a -> a.endpoints().stream()).filter(Endpoint::up).map(Endpoint::host).sorted().toList();
    }

    @Test
    void etcdHoldsEachDynoAsTheAgentSeesItThroughEveryChange() {
        Agent agent = new Agent("127.0.0.2");
        agent.run("hello", 2, 1);
        agent.awaitAll("hello", DynoState.UP);
        Await.until(DEADLINE, "etcd has the dynos as up", () -> seen("hello").equals(truth(agent, "hello")));
        DynoEntry web1 = etcdDynos().get(Keys.dyno("hello", "web.1", "agent-127.0.0.2"));
        assertThat(web1.host()).isEqualTo("127.0.0.2");
        assertThat(web1.port()).isPositive();
        assertThat(web1.release()).isEqualTo(1);
        assertThat(web1.instance()).startsWith("agent-127.0.0.2:").isNotEqualTo(
                DynoEntry.parse("", Await.result(single.client.get(Keys.dyno("hello", "web.2", "agent-127.0.0.2"))).orElseThrow().value())
                        .instance());
        assertThat(etcdDynos().get(Keys.dyno("hello", "worker.1", "agent-127.0.0.2")).port()).isZero();
        KeyValue stored = Await.result(single.client.get(Keys.dyno("hello", "web.1", "agent-127.0.0.2"))).orElseThrow();
        assertThat(stored.lease()).as("under the agent's lease").isEqualTo(agent.publisher.leaseId());

        agent.run("hello", 1, 0);
        Await.until(DEADLINE, "scaled-away dynos leave etcd", () -> seen("hello").keySet()
                .equals(java.util.Set.of(Keys.dyno("hello", "web.1", "agent-127.0.0.2"))));

        join(agent.manager.idle("hello"));
        agent.awaitAll("hello", DynoState.IDLE);
        Await.until(DEADLINE, "etcd says idle", () -> seen("hello").equals(truth(agent, "hello")));
        assertThat(seen("hello").values()).allMatch(v -> v.endsWith(" idle"));
        String record = Keys.app("hello", "agent-127.0.0.2");
        Await.until(DEADLINE, "the agent's app record says the app sleeps", () -> Await.result(single.client.get(record))
                .map(kv -> AppEntry.parse(kv.key(), kv.value()).sleeping()).orElse(false));
        assertThat(AppEntry.parse(record, Await.result(single.client.get(record)).orElseThrow().value()).formation())
                .isEqualTo(Map.of("web", 1));

        join(agent.manager.remove("hello"));
        Await.until(DEADLINE, "a removed app's record and dynos leave etcd", () -> seen("hello").isEmpty()
                && Await.result(single.client.get(record)).isEmpty());
    }

    @Test
    void aKilledAgentsDynosExpireWithItsLeaseAndALiveOneRepublishesAfterAnOutage() {
        Agent survivor = new Agent("127.0.0.2");
        Agent victim = new Agent("127.0.0.3");
        survivor.run("hello", 2, 0);
        victim.run("other", 2, 0);
        survivor.awaitAll("hello", DynoState.UP);
        victim.awaitAll("other", DynoState.UP);
        Await.until(DEADLINE, "four dynos in etcd", () -> etcdDynos().size() == 4);
        List<EtcdRouteSource> routers = List.of(router(), router());
        for (EtcdRouteSource r : routers) {
            Await.until(DEADLINE, "the router routes to both agents",
                    () -> upHosts(r, "hello").equals(List.of("127.0.0.2", "127.0.0.2"))
                            && upHosts(r, "other").equals(List.of("127.0.0.3", "127.0.0.3")));
        }

        long killedAt = System.nanoTime();
        victim.kill();
        for (EtcdRouteSource r : routers) {
            Await.until(TTL.plusSeconds(2), "the dead agent's dynos leave the router's table",
                    () -> upHosts(r, "other").isEmpty());
            assertThat(upHosts(r, "hello")).containsExactly("127.0.0.2", "127.0.0.2");
        }
        System.out.printf("dead agent's dynos gone from both routers %d ms after the kill (lease TTL %d ms)%n",
                (System.nanoTime() - killedAt) / 1_000_000, TTL.toMillis());
        assertThat(seen("other")).isEmpty();
        assertThat(seen("hello")).hasSize(2);

        long firstLease = survivor.publisher.leaseId();
        Await.result(single.client.revokeLease(firstLease)); // as if it expired while the agent was cut off
        Await.until(DEADLINE, "the agent re-grants its lease and publishes its dynos again",
                () -> seen("hello").equals(truth(survivor, "hello")) && survivor.publisher.leaseId() != firstLease);

        single.process.stop();
        try {
            survivor.run("hello", 3, 0); // changes made while etcd is away reach it when it is back
            long until = System.nanoTime() + TTL.plusSeconds(1).toNanos();
            Await.until(TTL.plusSeconds(3), "etcd down longer than the lease TTL", () -> System.nanoTime() - until > 0);
        } finally {
            single.process.restart();
        }
        survivor.awaitAll("hello", DynoState.UP);
        Await.until(DEADLINE, "etcd converges to the agent's truth", () -> seen("hello").equals(truth(survivor, "hello")));
        assertThat(seen("hello")).hasSize(3);
        assertThat(etcdDynos()).hasSize(3);
    }

    @Test
    void twoHundredConcurrentWakesAcrossTwoRoutersStartOneDynoOnOneAgent() throws Exception {
        Agent one = new Agent("127.0.0.2");
        Agent two = new Agent("127.0.0.3");
        for (Agent a : List.of(one, two)) {
            a.run("sleepy", 1, 0);
            a.awaitAll("sleepy", DynoState.UP);
            join(a.manager.idle("sleepy"));
            a.awaitAll("sleepy", DynoState.IDLE);
        }
        int startsBefore = one.runtime.started.size() + two.runtime.started.size();

        EtcdWaker routerA = new EtcdWaker(single.client, "router-a", Duration.ofSeconds(10));
        EtcdWaker routerB = new EtcdWaker(single.client, "router-b", Duration.ofSeconds(10));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            EtcdWaker waker = i % 2 == 0 ? routerA : routerB;
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                waker.wake("sleepy");
            });
            caller.start();
            callers.add(caller);
        }
        go.countDown();
        for (Thread t : callers) {
            t.join(DEADLINE.toMillis());
        }

        Await.until(DEADLINE, "one agent woke the app", () -> one.wakes.woken() + two.wakes.woken() == 1);
        Agent woken = one.wakes.woken() == 1 ? one : two;
        Agent asleep = woken == one ? two : one;
        woken.awaitAll("sleepy", DynoState.UP);
        Await.until(DEADLINE, "the served request and its claim are deleted",
                () -> Await.result(single.client.rangePrefix(Keys.WAKE)).kvs().isEmpty()
                        && Await.result(single.client.rangePrefix(Keys.WAKE_CLAIMS)).kvs().isEmpty());
        String woken1 = Keys.dyno("sleepy", "web.1", woken.publisher.agentId());
        Await.until(DEADLINE, "etcd shows the woken dyno up",
                () -> seen("sleepy").get(woken1) != null && seen("sleepy").get(woken1).endsWith(" up"));
        assertThat(seen("sleepy").get(Keys.dyno("sleepy", "web.1", asleep.publisher.agentId())))
                .as("the other agent's copy of the app stays asleep, under its own key").endsWith(" idle");

        // each request is served by one agent; requests made once the app was up wake nothing
        assertThat(one.wakes.served() + two.wakes.served()).isEqualTo(routerA.created() + routerB.created());
        assertThat(one.wakes.woken() + two.wakes.woken()).isEqualTo(1);
        assertThat(one.runtime.started.size() + two.runtime.started.size() - startsBefore)
                .as("dynos started across both agents").isEqualTo(1);
        assertThat(asleep.ps("sleepy")).extracting(DynoStatus::state).containsExactly(DynoState.IDLE);
    }
}
