package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import io.dynod.cli.testing.HostTools;
import io.dynod.cluster.AppEntry;
import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.EtcdProcess;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9's fleet on one machine, all real processes from the built jar: one etcd, three
 * {@code dynod agent}s (each advertising its own loopback address 127.0.0.2-4, with its own home,
 * cgroup prefix and dyno port range) and two {@code dynod router --etcd}, serving examples/hello.
 * The operator's model: the same app is deployed and scaled on each agent. One scenario, in order:
 * <ol>
 *   <li>hello scaled to 2 dynos on each agent: both routers balance over all 6;</li>
 *   <li>kill -9 of one agent and its dynos (a host dying) under load: its dynos leave both tables
 *       within one lease TTL; the only failed requests were in flight to its dynos (counted);</li>
 *   <li>etcd stopped for longer than the TTL under load, while an agent scales up: zero failed
 *       requests; when etcd is back, leases and routes come back by themselves and both tables
 *       equal the agents' truth, the new dyno included;</li>
 *   <li>an idle app woken by 200 concurrent first requests across both routers starts one dyno
 *       on one agent; routers' traffic reports through etcd keep it awake while it serves, and
 *       it sleeps again once they stop.</li>
 * </ol>
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FleetIT {

    /** The agents' lease TTL: the product default ({@code LeaseKeeper.DEFAULT_TTL}). */
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration UP = Duration.ofSeconds(90);
    private static final Pattern HELLO = Pattern.compile("Hello from (\\S+) on (web\\.\\d+), request #(\\d+)\n");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private EtcdProcess etcd;
    private final List<FleetAgent> agents = new ArrayList<>();
    private final List<RouterProcess> routers = new ArrayList<>();
    private final List<LoadLoop> loads = new ArrayList<>();
    private Vertx vertx;
    private EtcdHttpClient etcdClient;
    private final long began = System.nanoTime();

    /** One agent of the fleet: restartable on the same home, host and port range. */
    private final class FleetAgent {
        final String host;
        final String letter;
        final Path home;
        final int apiPort;
        final int firstPort;
        AgentProcess process;

        FleetAgent(int index) throws IOException {
            this.host = "127.0.0." + (index + 2);
            this.letter = String.valueOf((char) ('a' + index));
            this.home = dir.resolve("agent-" + letter);
            this.apiPort = AgentProcess.freePort();
            this.firstPort = 24100 + 100 * index; // below the ephemeral range; disjoint per agent
        }

        String id() {
            return "agent-" + host;
        }

        void start() throws IOException {
            process = new AgentProcess(home, apiPort, Map.of(), List.of("--etcd", etcd.clientUrl(), "--advertise-host", host,
                    "--dyno-ports", firstPort + "-" + (firstPort + 99)));
        }

        AgentProcess.Result ok(String... args) throws Exception {
            AgentProcess.Result r = process.cli(args);
            assertThat(r.exit()).as("dynod %s on %s: %s", String.join(" ", args), host, r.err()).isZero();
            return r;
        }

        /** The app's dynos as this agent's API lists them. */
        JsonArray dynos(String app) {
            try {
                String token = Files.readString(home.resolve("agent.token")).strip();
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                        + "/v1/apps/" + app + "/dynos")).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? new JsonArray(r.body()) : new JsonArray();
            } catch (IOException e) {
                return new JsonArray();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JsonArray();
            }
        }

        /** This agent's truth: its up web dynos of {@code app} as a router should list them. */
        Set<String> upWeb(String app) {
            Set<String> out = new TreeSet<>();
            JsonArray all = dynos(app);
            for (int i = 0; i < all.size(); i++) {
                JsonObject d = all.getJsonObject(i);
                if ("web".equals(d.getString("type")) && "up".equalsIgnoreCase(d.getString("state"))) {
                    out.add(d.getString("name") + "@" + id() + " " + host + ":" + d.getInteger("port"));
                }
            }
            return out;
        }

        String webState(String app, String dyno) {
            JsonArray all = dynos(app);
            for (int i = 0; i < all.size(); i++) {
                if (dyno.equals(all.getJsonObject(i).getString("name"))) {
                    return all.getJsonObject(i).getString("state").toLowerCase(java.util.Locale.ROOT);
                }
            }
            return "none";
        }

        long logCount(String app, String what) throws Exception {
            return process.cli("logs", "-a", app, "-n", "1500", "--source", "dynod").out().lines()
                    .filter(l -> l.contains(what)).count();
        }

        /** A host dying: SIGKILL to the agent and to every process under it (its dynos). */
        void killWithDynos() throws InterruptedException {
            List<ProcessHandle> dynos = process.process.toHandle().descendants().toList();
            process.process.destroyForcibly();
            dynos.forEach(ProcessHandle::destroyForcibly);
            assertThat(process.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle d : dynos) {
                d.onExit().join();
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (LoadLoop load : loads) {
            load.close();
        }
        for (RouterProcess r : routers) {
            r.close();
        }
        inParallel(agents.stream().filter(a -> a.process != null).toList(), a -> a.process.close()).join();
        List<String> leftMounted = unmountLeftovers();
        if (etcdClient != null) {
            etcdClient.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void threeAgentsAndTwoRoutersShareRoutesLeasesOutagesAndWakesThroughEtcd() throws Exception {
        HostTools.require("setsid", "sh");
        etcd = EtcdProcess.startSingle();
        vertx = Vertx.vertx();
        etcdClient = new EtcdHttpClient(vertx, EtcdClientOptions.parse(etcd.clientUrl()));
        for (int i = 0; i < 3; i++) {
            FleetAgent agent = new FleetAgent(i);
            agents.add(agent);
            agent.start();
        }
        for (String name : List.of("a", "b")) {
            routers.add(new RouterProcess(name, etcd.clientUrl(), List.of("--traffic-interval", "1s")));
        }
        agents.forEach(a -> a.process.awaitHealthy());
        routers.forEach(RouterProcess::awaitReady);
        List<CompletableFuture<Void>> deploys = new ArrayList<>();
        deploys.add(inParallel(agents, a -> {
            a.ok("apps:create", "hello");
            a.ok("deploy", "-a", "hello", "examples/hello");
            a.ok("config:set", "-a", "hello", "APP_NAME=hello-" + a.letter); // which agent answered
            a.ok("ps:scale", "-a", "hello", "web=2");
        }));
        deploys.add(inParallel(agents, a -> { // another app: its changes run beside hello's
            a.ok("apps:create", "sleepy", "--idle-after", "3s");
            a.ok("deploy", "-a", "sleepy", "examples/hello");
        }));
        deploys.forEach(CompletableFuture::join);

        System.out.printf("fleet [%3ds]: etcd, 3 agents and 2 routers up; hello and sleepy deployed on each agent%n",
                elapsed());
        balancedOverSixDynos();
        List<URI> both = routers.stream().map(RouterProcess::uri).toList();
        LoadLoop load = new LoadLoop("hello", both, "hello." + RouterProcess.DOMAIN, 4, Duration.ofMillis(10), 40_000,
                Duration.ofSeconds(180));
        loads.add(load);
        Await.until(Duration.ofSeconds(30), "load running", () -> load.shots().size() > 200, () -> load.shots().toString());

        long settledAt = aKilledAgentsDynosLeaveBothTablesWithinOneTtl(load);
        aLongEtcdOutageFailsNoRequestAndTablesComeBackToTheTruth(load);
        load.close();
        List<LoadLoop.Shot> afterRemoval = load.shots().stream().filter(s -> s.startNanos() - settledAt > 0).toList();
        assertThat(afterRemoval).as("requests from the dead agent's removal through the etcd outage").hasSizeGreaterThan(500)
                .allMatch(LoadLoop.Shot::ok);
        System.out.printf("fleet [%3ds]: %d requests under load, %d after the dead agent's removal (incl. the etcd outage), "
                + "all answered 200%n", elapsed(), load.shots().size(), afterRemoval.size());

        anIdleAppWakesOnOneAgentOnlyAndTrafficKeepsItAwake();
    }

    // ---- 1. balance ----

    private void balancedOverSixDynos() {
        Await.until(UP, "hello: 2 up web dynos on release v2 on every agent", () -> agents.stream().allMatch(a -> {
            JsonArray ds = a.dynos("hello");
            long upOnV2 = ds.stream().map(JsonObject.class::cast).filter(d -> "web".equals(d.getString("type"))
                    && "up".equalsIgnoreCase(d.getString("state")) && d.getJsonObject("release").getInteger("version") == 2)
                    .count();
            return upOnV2 == 2 && ds.size() == 2;
        }), () -> agents.stream().map(a -> a.host + ": " + a.dynos("hello").encode()).toList().toString());
        Set<String> truth = truth("hello");
        assertThat(truth).hasSize(6);
        for (RouterProcess r : routers) {
            Await.until(Duration.ofSeconds(20), "router " + r.name + " routes to the 6 dynos",
                    () -> r.upEndpoints("hello").equals(truth), () -> r.upEndpoints("hello") + " vs " + truth);
        }
        for (FleetAgent a : agents) {
            assertThat(a.upWeb("hello")).allSatisfy(e -> {
                int port = Integer.parseInt(e.substring(e.lastIndexOf(':') + 1));
                assertThat(port).as("from the agent's own port range").isBetween(a.firstPort, a.firstPort + 99);
            });
        }
        for (RouterProcess r : routers) {
            Map<String, Integer> answeredBy = new TreeMap<>();
            for (int i = 0; i < 120; i++) {
                HttpResponse<String> response = get(r.uri(), "hello");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                Matcher m = HELLO.matcher(response.body());
                assertThat(m.matches()).as(response.body()).isTrue();
                answeredBy.merge(m.group(1) + " " + m.group(2), 1, Integer::sum);
            }
            System.out.printf("fleet [%3ds]: router %s spread 120 requests as %s%n", elapsed(), r.name, answeredBy);
            assertThat(answeredBy).as("every dyno of every agent served through router " + r.name)
                    .containsOnlyKeys("hello-a web.1", "hello-a web.2", "hello-b web.1", "hello-b web.2",
                            "hello-c web.1", "hello-c web.2");
        }
        Map<String, AppEntry> records = new TreeMap<>();
        for (KeyValue kv : io.dynod.cluster.Await.result(etcdClient.rangePrefix(Keys.APPS)).kvs()) {
            records.put(kv.key(), AppEntry.parse(kv.key(), kv.value()));
        }
        assertThat(records.keySet()).as("one record of each app per agent, none shared")
                .containsAll(agents.stream().map(a -> Keys.app("hello", a.id())).toList());
        assertThat(agents.stream().map(a -> records.get(Keys.app("hello", a.id()))).toList())
                .allSatisfy(e -> assertThat(e.formation()).isEqualTo(Map.of("web", 2)));
        assertThat(AppEntry.merge(agents.stream().map(a -> records.get(Keys.app("hello", a.id()))).toList()).webDynos())
                .isEqualTo(6);
    }

    // ---- 2. an agent dies ----

    /** Answers the moment both routers had dropped the dead agent's dynos. */
    private long aKilledAgentsDynosLeaveBothTablesWithinOneTtl(LoadLoop load) throws Exception {
        FleetAgent victim = agents.get(2);
        String deadMark = "@" + victim.id();
        long killedAt = System.nanoTime();
        victim.killWithDynos();
        long[] goneAt = new long[routers.size()];
        Await.until(TTL.plusSeconds(10), "both routers drop the dead agent's dynos", () -> {
            boolean all = true;
            for (int i = 0; i < routers.size(); i++) {
                if (goneAt[i] == 0) {
                    Set<String> up = routers.get(i).upEndpoints("hello");
                    if (!up.isEmpty() && up.stream().noneMatch(e -> e.contains(deadMark))) {
                        goneAt[i] = System.nanoTime();
                    }
                }
                all &= goneAt[i] != 0;
            }
            return all;
        }, () -> routers.get(0).upEndpoints("hello") + " / " + routers.get(1).upEndpoints("hello"));
        long settledAt = Math.max(goneAt[0], goneAt[1]);
        long goneMillis = TimeUnit.NANOSECONDS.toMillis(settledAt - killedAt);
        Set<String> survivors = truth("hello");
        assertThat(survivors).hasSize(4).noneMatch(e -> e.contains(deadMark));
        for (RouterProcess r : routers) {
            assertThat(r.upEndpoints("hello")).isEqualTo(survivors);
        }
        Await.until(Duration.ofSeconds(30), "load after the removal", () -> load.shots().stream()
                .filter(s -> s.startNanos() - settledAt > 0).count() > 200, () -> "" + load.shots().size());
        List<LoadLoop.Shot> failed = load.shots().stream().filter(s -> !s.ok()).toList();
        for (LoadLoop.Shot f : failed) {
            assertThat(f.startNanos() - settledAt).as("failed after the removal: %s", f).isNegative();
            String line = routers.get(f.router()).logLine(f.requestId());
            assertThat(line).as("router log line of %s", f).isNotNull().contains(deadMark);
        }
        long during = load.shots().stream().filter(s -> s.startNanos() - killedAt > 0 && s.startNanos() - settledAt < 0)
                .count();
        System.out.printf("fleet [%3ds]: dead agent's dynos left both routers %d ms after kill -9 (lease TTL %d ms); "
                + "%d requests meanwhile, %d failed (in flight to the dead dynos)%n", elapsed(), goneMillis, TTL.toMillis(), during,
                failed.size());
        // the lease ends at most one TTL after the agent's last keep-alive, which came before the kill; etcd
        // finds expired leases every 500 ms, then the delete travels through the watch to the router
        assertThat(goneMillis).as("within one lease TTL, plus etcd's expiry check and the watch's delivery")
                .isLessThanOrEqualTo(TTL.toMillis() + 2_000);

        victim.start(); // the host comes back: its dynos restart and rejoin under a new lease
        victim.process.awaitHealthy();
        Await.until(UP, "the restarted agent's dynos are up and routed by both routers", () -> {
            Set<String> all = truth("hello");
            return all.size() == 6 && routers.stream().allMatch(r -> r.upEndpoints("hello").equals(all));
        }, () -> truth("hello") + " vs " + routers.get(0).upEndpoints("hello"));
        return settledAt;
    }

    // ---- 3. etcd goes away ----

    private void aLongEtcdOutageFailsNoRequestAndTablesComeBackToTheTruth(LoadLoop load) throws Exception {
        Set<String> before = truth("hello");
        int shotsBefore = load.shots().size();
        long stoppedAt = System.nanoTime();
        etcd.stop();
        for (RouterProcess r : routers) {
            Await.until(Duration.ofSeconds(15), "router " + r.name + " says in /metrics that its table is stale",
                    () -> r.staleSeconds() > 0, () -> "" + r.staleSeconds());
        }
        FleetAgent grower = agents.get(1);
        grower.ok("ps:scale", "-a", "hello", "web=3"); // the truth changes while etcd is away
        Await.until(UP, "the third web dyno is up on " + grower.host, () -> grower.upWeb("hello").size() == 3,
                () -> grower.dynos("hello").encode());
        for (RouterProcess r : routers) {
            assertThat(r.upEndpoints("hello")).as("router %s serves its last table", r.name).isEqualTo(before);
        }
        Await.until(TTL.plusSeconds(30), "etcd down for longer than the lease TTL",
                () -> System.nanoTime() - stoppedAt > TTL.plusSeconds(3).toNanos(), () -> "time passing");
        long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        etcd.restart();
        long restartedAt = System.nanoTime();
        Set<String> truth = truth("hello");
        assertThat(truth).hasSize(7);
        for (RouterProcess r : routers) {
            Await.until(Duration.ofSeconds(30), "router " + r.name + " equals the agents' truth again",
                    () -> r.upEndpoints("hello").equals(truth) && r.staleSeconds() == 0,
                    () -> r.upEndpoints("hello") + " vs " + truth);
        }
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
        Set<String> keys = new TreeSet<>();
        for (KeyValue kv : io.dynod.cluster.Await.result(etcdClient.rangePrefix(Keys.dynosOf("hello"))).kvs()) {
            assertThat(kv.lease()).as("%s is under its agent's lease", kv.key()).isNotZero();
            keys.add(kv.key());
        }
        Set<String> expected = new TreeSet<>();
        for (FleetAgent a : agents) {
            a.dynos("hello").stream().map(JsonObject.class::cast)
                    .forEach(d -> expected.add(Keys.dyno("hello", d.getString("name"), a.id())));
        }
        assertThat(keys).isEqualTo(expected);
        List<LoadLoop.Shot> outage = load.shots().subList(shotsBefore, load.shots().size());
        assertThat(outage).as("requests during the etcd outage and its recovery").allMatch(LoadLoop.Shot::ok);
        System.out.printf("fleet [%3ds]: etcd down %d ms (TTL %d ms), %d requests meanwhile and through recovery, all 200; "
                + "tables equal the agents' truth %d ms after etcd restarted%n", elapsed(), outageMillis, TTL.toMillis(),
                outage.size(), recoveryMillis);
    }

    // ---- 4. wake ----

    private void anIdleAppWakesOnOneAgentOnlyAndTrafficKeepsItAwake() throws Exception {
        Await.until(UP, "sleepy asleep on every agent", () -> agents.stream()
                .allMatch(a -> a.webState("sleepy", "web.1").equals("idle")),
                () -> agents.stream().map(a -> a.host + " " + a.webState("sleepy", "web.1")).toList().toString());
        long unidlingBefore = 0;
        for (FleetAgent a : agents) {
            unidlingBefore += a.logCount("sleepy", "Unidling");
        }
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RouterProcess r = routers.get(i % 2);
            answers.add(HTTP.sendAsync(HttpRequest.newBuilder(r.uri()).header("Host", "sleepy." + RouterProcess.DOMAIN)
                    .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<Long> numbers = new TreeSet<>();
        Set<String> answeredBy = new TreeSet<>();
        for (CompletableFuture<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Matcher m = HELLO.matcher(r.body());
            assertThat(m.matches()).as(r.body()).isTrue();
            answeredBy.add(m.group(1) + " " + m.group(2));
            numbers.add(Long.parseLong(m.group(3)));
        }
        // from now on traffic through etcd must keep it awake (idle-after 3s) for 3 idle periods
        List<URI> both = routers.stream().map(RouterProcess::uri).toList();
        LoadLoop trickle = new LoadLoop("sleepy", both, "sleepy." + RouterProcess.DOMAIN, 1, Duration.ofMillis(100), 200,
                Duration.ofSeconds(9));
        loads.add(trickle);
        assertThat(answeredBy).as("one dyno answered all").hasSize(1);
        assertThat(numbers).as("one fresh process answered all 200").hasSize(200).first().isEqualTo(1L);
        List<FleetAgent> awake = agents.stream().filter(a -> a.webState("sleepy", "web.1").equals("up")).toList();
        assertThat(awake).as("agents that woke sleepy").hasSize(1);
        FleetAgent woken = awake.get(0);
        for (FleetAgent a : agents) {
            if (a != woken) {
                assertThat(a.webState("sleepy", "web.1")).as("sleepy on %s", a.host).isEqualTo("idle");
            }
        }
        long unidlingAfter = 0;
        for (FleetAgent a : agents) {
            unidlingAfter += a.logCount("sleepy", "Unidling");
        }
        assertThat(unidlingAfter - unidlingBefore).as("dynos woken across the fleet").isEqualTo(1);
        System.out.printf("fleet [%3ds]: 200 concurrent first requests over 2 routers woke sleepy once, on %s%n", elapsed(), woken.host);

        Set<String> statesSeen = new TreeSet<>();
        Await.until(Duration.ofSeconds(30), "9 s of traffic to sleepy", () -> {
            statesSeen.add(woken.webState("sleepy", "web.1"));
            return !trickle.running();
        }, statesSeen::toString);
        statesSeen.add(woken.webState("sleepy", "web.1"));
        assertThat(trickle.shots()).hasSizeGreaterThan(20).allMatch(LoadLoop.Shot::ok);
        assertThat(trickle.shots()).as("served on by the process that answered the 200 (no new wake)").allSatisfy(shot -> {
            Matcher m = HELLO.matcher(shot.body());
            assertThat(m.matches()).as(shot.body()).isTrue();
            assertThat(Long.parseLong(m.group(3))).isGreaterThan(200);
        });
        assertThat(statesSeen).as("sleepy (idle-after 3s) while it had traffic").containsExactly("up");
        long quietFrom = System.nanoTime();
        Await.until(Duration.ofSeconds(20), "sleepy sleeps again once its traffic stops",
                () -> woken.webState("sleepy", "web.1").equals("idle"), () -> woken.webState("sleepy", "web.1"));
        System.out.printf("fleet [%3ds]: sleepy stayed up through 9 s of traffic and slept %d ms after it stopped%n", elapsed(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietFrom));
    }

    // ---- helpers ----

    private long elapsed() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
    }

    /**
     * What the agents left mounted under their homes once all of them stopped: nothing, also for
     * the agent killed with -9 (its next run unmounts the slug views it left). Unmounted here
     * either way, so a failure leaves the machine clean.
     */
    private List<String> unmountLeftovers() throws Exception {
        List<String> left = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mountPoint = line.split(" ")[4];
            if (mountPoint.startsWith(dir + "/")) {
                left.add(mountPoint);
                Process umount = new ProcessBuilder("umount", "-l", mountPoint).inheritIO().start();
                assertThat(umount.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        return left;
    }

    /** The fleet's truth: every agent's up web dynos of {@code app}. */
    private Set<String> truth(String app) {
        Set<String> out = new TreeSet<>();
        for (FleetAgent a : agents) {
            if (a.process != null && a.process.process.isAlive()) {
                out.addAll(a.upWeb(app));
            }
        }
        return out;
    }

    private static HttpResponse<String> get(URI router, String app) {
        try {
            return HTTP.send(HttpRequest.newBuilder(router).header("Host", app + "." + RouterProcess.DOMAIN)
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    private interface AgentStep {
        void run(FleetAgent agent) throws Exception;
    }

    /** Runs {@code step} on every agent at once, each on a thread of its own; completes when all have. */
    private static CompletableFuture<Void> inParallel(List<FleetAgent> agents, AgentStep step) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (FleetAgent a : agents) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            // a thread each: the common pool has a single thread on a 2-core machine
            Thread worker = new Thread(() -> {
                try {
                    step.run(a);
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "deploy-" + a.letter);
            worker.start();
            all.add(done);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }
}
