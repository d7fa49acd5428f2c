package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.logs.LogFilter;
import io.dynod.supervisor.logs.LogLine;
import io.dynod.supervisor.logs.LogSource;
import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.DesiredState;
import io.dynod.supervisor.state.DynoRecord;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import io.dynod.supervisor.testing.Await;
import io.dynod.supervisor.testing.MetricsText;
import io.dynod.supervisor.testing.TestWebApp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dyno manager driving real processes (plain runtime) and real loopback sockets. */
class DynoManagerIT {
    private static final String APP = "hello";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ALL_LINES = 1_000_000;
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

    @TempDir
    Path dir;

    private AppLogs logs = new AppLogs();
    private final ProcessDynoRuntime runtime = new ProcessDynoRuntime();
    private DynoManager manager;
    private Path appDir;
    private RunDir runDir;

    @BeforeEach
    void makeAppDir() throws IOException {
        appDir = Files.createDirectories(dir.resolve("app"));
        runDir = new RunDir(dir.resolve("run"), new StateStore());
    }

    @AfterEach
    void drainEverything() throws Exception {
        if (manager != null) {
            manager.drain().get(60, TimeUnit.SECONDS);
            manager.close();
        }
        runtime.close();
    }

    // ---- tests ----

    @Test
    void webDynoIsUpOnceItsPortAcceptsConnectionsAndItsOutputReachesTheAppLog() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        manager.apply(APP, release(1, Map.of("web", webCommand()), Map.of("RELEASE_TAG", "v1")), formation("web", 1)).get();
        awaitState("web.1", DynoState.UP);
        assertThat(get(status("web.1").port().getAsInt())).isEqualTo("web.1 v1");
        awaitLine("app", "web.1", "listening on " + status("web.1").port().getAsInt());
        assertThat(manager.metrics().bootTimes().getTotalCount()).isEqualTo(1);
        assertThat(manager.metrics().launchTimes().getTotalCount()).isEqualTo(1);
        assertThat(system("web.1")).containsSubsequence(
                "State changed from down to starting",
                "Starting process with command `" + webCommand() + "`",
                "State changed from starting to up");
    }

    @Test
    void withAReadinessPathAWebDynoIsUpOnlyOnceThePathAnswers() throws Exception {
        BootCheck readiness = new HttpReadinessCheck(TcpPortCheck.loopback(), app -> Optional.of("/ready"), Duration.ofSeconds(2));
        manager = new DynoManager(runtime, readiness, settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)),
                InstantSource.system(), logs, (app, release) -> appDir, runDir);
        manager.apply(APP, release(1, Map.of("web", webCommand()), Map.of("READY_AFTER_MS", "3000")), formation("web", 1)).get();
        awaitLine("app", "web.1", "listening on " + status("web.1").port().getAsInt());
        awaitState("web.1", DynoState.UP);
        List<String> all = allLines();
        assertThat(all.indexOf("dynod[web.1] State changed from starting to up")).as("bound, but /ready still said 503")
                .isGreaterThan(all.indexOf("app[web.1] listening on " + status("web.1").port().getAsInt()));
        Instant listening = logs.of(APP).recent(ALL_LINES, LogFilter.of("web.1", LogSource.APP)).get(0).at();
        assertThat(Duration.between(listening, times(systemLines("web.1"), "State changed from starting to up").get(0)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void r10WhenAWebDynoNeverBindsThenKilledAndCrashed() throws Exception {
        start(settings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofHours(1)));
        manager.apply(APP, release(1, Map.of("web", "exec sleep 600"), Map.of()), formation("web", 1)).get();
        awaitLine("dynod", "web.1", "State changed from crashed to starting");
        assertThat(system("web.1")).containsSubsequence(
                "State changed from down to starting",
                "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 1 second of launch",
                "Stopping process with SIGKILL",
                "Process exited with status 137",
                "State changed from starting to crashed",
                "State changed from crashed to starting");
        // the second R10 is a second crash: with a one-hour unit the cool-off keeps it down
        awaitCount("web.1", "State changed from starting to crashed", 2);
        assertThat(status("web.1").state()).isEqualTo(DynoState.CRASHED);
    }

    @Test
    void aCrashRestartsAtOnceThenTheCoolOffApplies() throws Exception {
        Duration unit = Duration.ofMillis(200);
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), RestartPolicy.heroku(unit, new ScriptedRandom(1.0)),
                CyclePolicy.heroku(new SplittableRandom())));
        // exit 0 is a crash too for a formation dyno
        manager.apply(APP, release(1, Map.of("worker", "echo boom; exit 0"), Map.of()), formation("worker", 1)).get();
        awaitCount("worker.1", "Starting process with command `echo boom; exit 0`", 3);
        List<LogLine> sys = systemLines("worker.1");
        List<Instant> crashes = times(sys, "State changed from up to crashed");
        List<Instant> starts = times(sys, "State changed from crashed to starting");
        assertThat(crashes).hasSizeGreaterThanOrEqualTo(2);
        Duration firstCoolOff = Duration.between(crashes.get(0), starts.get(0));
        Duration secondCoolOff = Duration.between(crashes.get(1), starts.get(1));
        assertThat(firstCoolOff).as("first crash restarts at once").isLessThan(unit.multipliedBy(20));
        assertThat(secondCoolOff).as("second crash waits the (scripted maximum) 20 units").isGreaterThanOrEqualTo(unit.multipliedBy(20));
        assertThat(lines("worker.1", LogSource.APP)).contains("boom");
        assertThat(manager.metrics().prometheusText()).containsPattern("dynod_dyno_restarts_total\\{app=\"hello\",dyno=\"worker.1\"} [2-9]");
        assertThat(system("worker.1")).contains("Process exited with status 0");
        try (var files = Files.list(runDir.appDir(APP))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".exit")))
                    .as("a handled exit's status file is removed: at most the running launch's is left").hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void r12WhenADynoIgnoresSigtermThenSigkill() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(1)));
        manager.apply(APP, release(1, Map.of("worker", "trap '' TERM; echo ready; exec sleep 600",
                "clock", "exec sleep 600"), Map.of()), formation("worker", 1, "clock", 1)).get();
        awaitLine("app", "worker.1", "ready");
        awaitState("clock.1", DynoState.UP);
        long stubborn = status("worker.1").pid();
        long polite = status("clock.1").pid();
        manager.scale(APP, formation("worker", 0, "clock", 0)).get();
        awaitLine("dynod", "worker.1", "Process exited with status 137");
        awaitLine("dynod", "clock.1", "Process exited with status 143");
        assertThat(system("worker.1")).containsSubsequence(
                "State changed from up to down",
                "Stopping all processes with SIGTERM",
                "Error R12 (Exit timeout) -> At least one process failed to exit within 1 second of SIGTERM",
                "Stopping remaining processes with SIGKILL",
                "Process exited with status 137");
        assertThat(system("clock.1")).doesNotContain("Stopping remaining processes with SIGKILL")
                .noneMatch(l -> l.startsWith("Error R12"));
        awaitGone(stubborn);
        awaitGone(polite);
        assertThat(manager.ps(APP).get()).isEmpty();
    }

    @Test
    void removingAnAppCompletesOnlyOnceEveryProcessOfItHasExited() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(4), Duration.ofMinutes(1)));
        String stubborn = "trap '' TERM; echo \"ready $$\"; exec sleep 600";
        manager.apply(APP, release(1, Map.of("worker", stubborn, "clock", "exec sleep 600", "web", webCommand()),
                Map.of()), formation("worker", 1, "clock", 1, "web", 1)).get();
        awaitState("web.1", DynoState.UP);
        awaitState("clock.1", DynoState.UP);
        Await.until(WAIT, "worker.1 ready", () -> lines("worker.1", LogSource.APP).size() == 1, this::dump);
        long oldWorker = status("worker.1").pid();
        manager.restart(APP, Optional.of("worker.1")).get(); // the old run now sits out its 4 s grace
        Await.until(WAIT, "worker.1's second run ready", () -> lines("worker.1", LogSource.APP).size() == 2, this::dump);
        List<Long> pids = new java.util.ArrayList<>(ps().stream().map(DynoStatus::pid).toList());
        pids.add(oldWorker);
        assertThat(ProcessHandle.of(oldWorker)).as("still in its stop grace").hasValueSatisfying(
                p -> assertThat(p.isAlive()).isTrue());

        manager.remove(APP).get(60, TimeUnit.SECONDS);

        assertThat(pids).as("no process of the app outlives the removal")
                .allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(system("worker.1")).containsSubsequence(
                "Error R12 (Exit timeout) -> At least one process failed to exit within 4 seconds of SIGTERM",
                "Process exited with status 137",
                "Error R12 (Exit timeout) -> At least one process failed to exit within 4 seconds of SIGTERM",
                "Process exited with status 137");
        assertThat(system("clock.1")).contains("Process exited with status 143");
        assertThat(system("web.1")).anyMatch(l -> l.startsWith("Process exited"));
        assertThat(runDir.loadAll()).as("every dyno record is gone").isEmpty();
        assertThat(manager.ps(APP).get()).isEmpty();
    }

    @Test
    void drainStopsTheFormationAndRunningOneOffsAndCompletesOnceAllHaveExited() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(4), Duration.ofMinutes(1)));
        manager.apply(APP, release(1, Map.of("web", webCommand(), "worker", "exec sleep 600"), Map.of()),
                formation("web", 1, "worker", 1)).get();
        awaitState("web.1", DynoState.UP);
        awaitState("worker.1", DynoState.UP);
        OneOffDyno console = manager.startOneOff(APP, "exec sleep 600", DynoSize.STANDARD_1X, Map.of()).get();
        List<Long> pids = new java.util.ArrayList<>(ps().stream().map(DynoStatus::pid).toList());
        pids.add(console.handle().pid());
        assertThat(pids).hasSize(3);

        manager.drain().get(60, TimeUnit.SECONDS);

        assertThat(pids).as("nothing of the app outlives the drain, the one-off included")
                .allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(system(console.name().toString())).anyMatch(l -> l.startsWith("Process exited"));
    }

    @Test
    void scaling3To1To0To2StopsHighestNumberedFirst() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        Release v1 = release(1, Map.of("worker", "exec sleep 600"), Map.of());
        manager.apply(APP, v1, formation("worker", 3)).get();
        awaitUp("worker.1", "worker.2", "worker.3");
        List<Long> pids = manager.ps(APP).get().stream().map(DynoStatus::pid).toList();

        manager.scale(APP, formation("worker", 1)).get();
        awaitUp("worker.1");
        List<String> all = allLines();
        assertThat(all.indexOf("dynod[worker.3] State changed from up to down"))
                .isLessThan(all.indexOf("dynod[worker.2] State changed from up to down")).isNotNegative();
        awaitGone(pids.get(1));
        awaitGone(pids.get(2));

        manager.scale(APP, formation("worker", 0)).get();
        awaitUp();
        awaitGone(pids.get(0));

        manager.scale(APP, formation("worker", 2)).get();
        awaitUp("worker.1", "worker.2");
        assertThat(manager.ps(APP).get()).extracting(DynoStatus::pid).doesNotContainAnyElementsOf(pids);
    }

    @Test
    void scalingToZeroAndBackLogsEachRunsOutputExactlyOnceEvenWhileTheOldRunIsStillStopping() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(1)));
        // ignores SIGTERM: the first run is still in its stop grace when worker.1 is wanted again
        Release v1 = release(1, Map.of("worker", "trap '' TERM; echo \"run $$ $(cut -c1-8 /proc/sys/kernel/random/uuid)\"; "
                + "exec sleep 600"), Map.of());
        manager.apply(APP, v1, formation("worker", 1)).get();
        Await.until(WAIT, "first run's line", () -> lines("worker.1", LogSource.APP).size() == 1, this::dump);
        long first = status("worker.1").pid();
        manager.scale(APP, formation("worker", 0)).get();
        manager.scale(APP, formation("worker", 1)).get();
        Await.until(WAIT, "second run's line", () -> lines("worker.1", LogSource.APP).size() >= 2, this::dump);
        awaitLine("dynod", "worker.1", "Process exited with status 137"); // the first run, after its grace
        awaitGone(first);
        awaitUp("worker.1");
        long second = status("worker.1").pid();
        assertThat(runDir.loadAll()).as("the running dyno's record survives the old run's end")
                .singleElement().satisfies(r -> assertThat(r.pid()).isEqualTo(second));
        // a restart keeps the file: its third line shows that everything before was read, once
        manager.restart(APP, Optional.of("worker.1")).get();
        Await.until(WAIT, "third run's line", () -> lines("worker.1", LogSource.APP).size() >= 3, this::dump);
        awaitUp("worker.1");
        assertThat(lines("worker.1", LogSource.APP)).hasSize(3).doesNotHaveDuplicates().allMatch(l -> l.startsWith("run "));
    }

    @Test
    void aNewReleaseRollsTheWebDynosOneAtATimeWithZeroFailedRequestsAndAlwaysTwoUp() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        Release v1 = release(1, Map.of("web", webCommand()), Map.of("RELEASE_TAG", "v1"));
        manager.apply(APP, v1, formation("web", 3)).get();
        awaitUp("web.1", "web.2", "web.3");
        RollClient client = new RollClient();
        Thread clientThread = new Thread(client, "roll-client");
        clientThread.start();
        Await.until(WAIT, "the client served by v1", () -> client.served.get() >= 20, client::report);

        Release v2 = v1.withConfig(ConfigVars.of(Map.of("RELEASE_TAG", "v2")), T0.plusSeconds(1), "Set RELEASE_TAG");
        manager.apply(APP, v2, formation("web", 3)).get();
        Await.until(WAIT, "all web dynos up on v2", () -> {
            List<DynoStatus> ps = ps();
            return ps.size() == 3 && ps.stream().allMatch(d -> d.release() == 2 && d.state() == DynoState.UP);
        }, this::dump);
        int servedWhenRolled = client.served.get();
        Await.until(WAIT, "the client served by v2", () -> client.served.get() >= servedWhenRolled + 20, client::report);
        client.stop = true;
        clientThread.join(TimeUnit.SECONDS.toMillis(30));

        System.out.println("roll client: " + client.report());
        assertThat(clientThread.isAlive()).as("client loop ended").isFalse();
        assertThat(client.failures).as("failed requests during the roll; " + client.report()).isEmpty();
        assertThat(client.fewestUp).as("web dynos up in the client's worst ps").isGreaterThanOrEqualTo(2);
        assertThat(fewestUpAfterEveryStateChange()).as("web dynos up after every state change").isEqualTo(2);
        assertThat(client.bodies).as("answers from both releases").contains("v1", "v2");
        for (DynoStatus d : ps()) {
            assertThat(get(d.port().getAsInt())).isEqualTo(d.name() + " v2");
        }
        for (String web : List.of("web.1", "web.2", "web.3")) {
            awaitCount(web, "Process exited with status 143", 1); // the v1 process, once stopped
            List<LogLine> sys = systemLines(web);
            assertThat(Duration.between(times(sys, "State changed from up to starting").get(0),
                    times(sys, "Stopping all processes with SIGTERM").get(0)))
                    .as("%s left up an unroute delay before its SIGTERM", web).isGreaterThanOrEqualTo(ManagerSettings.DEFAULT_UNROUTE_DELAY);
        }
        // rolling: each dyno is restarted only once the one before it is up again on v2
        List<String> all = allLines();
        for (int i = 2; i <= 3; i++) {
            int previousUpAgain = all.lastIndexOf("dynod[web." + (i - 1) + "] State changed from starting to up");
            int thisRestarts = all.indexOf("dynod[web." + i + "] State changed from up to starting");
            assertThat(thisRestarts).as("web.%d restarts after web.%d is up on v2", i, i - 1)
                    .isGreaterThan(previousUpAgain);
        }
    }

    /** Replays every {@code State changed} line once all are up, counting the up dynos after each. */
    private int fewestUpAfterEveryStateChange() {
        java.util.Set<String> up = new java.util.HashSet<>();
        int fewest = Integer.MAX_VALUE;
        boolean allUpOnce = false;
        java.util.regex.Pattern change = java.util.regex.Pattern.compile("dynod\\[(\\S+)] State changed from \\S+ to (\\S+)");
        for (String line : allLines()) {
            java.util.regex.Matcher m = change.matcher(line);
            if (!m.matches()) {
                continue;
            }
            if (m.group(2).equals("up")) {
                up.add(m.group(1));
            } else {
                up.remove(m.group(1));
            }
            allUpOnce |= up.size() == 3;
            if (allUpOnce) {
                fewest = Math.min(fewest, up.size());
            }
        }
        return fewest;
    }

    /**
     * A client that, like the router, sends each request to an up web dyno (from {@code ps}) and
     * tries another up dyno only when the connection was refused (no byte of the request sent).
     * Bounded: at most {@link #MAX_REQUESTS} requests and {@link #MAX_TIME}.
     */
    private final class RollClient implements Runnable {
        static final int MAX_REQUESTS = 50_000;
        static final Duration MAX_TIME = Duration.ofSeconds(120);
        static final int MAX_ATTEMPTS = 10;
        volatile boolean stop;
        final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger refusedThenRetried = new java.util.concurrent.atomic.AtomicInteger();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Set<String> bodies = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile int fewestUp = Integer.MAX_VALUE;

        @Override
        public void run() {
            long deadline = System.nanoTime() + MAX_TIME.toNanos();
            try {
                for (int i = 0; i < MAX_REQUESTS && !stop && System.nanoTime() - deadline < 0; i++) {
                    request(i);
                }
            } catch (Throwable e) {
                failures.add("client loop: " + e);
            }
        }

        private void request(int i) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                List<DynoStatus> up = ps().stream().filter(d -> d.state() == DynoState.UP).toList();
                fewestUp = Math.min(fewestUp, up.size());
                if (up.isEmpty()) {
                    failures.add("request " + i + ": no web dyno up");
                    return;
                }
                DynoStatus dyno = up.get((i + attempt) % up.size());
                try (Socket socket = new Socket()) {
                    try {
                        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), dyno.port().getAsInt()), 5_000);
                    } catch (java.net.ConnectException refused) {
                        refusedThenRetried.incrementAndGet();
                        continue; // nothing was sent: the router's retry on another dyno
                    }
                    String body = exchange(socket);
                    bodies.add(body.substring(body.indexOf(' ') + 1));
                    served.incrementAndGet();
                    return;
                } catch (IOException | RuntimeException e) {
                    failures.add("request " + i + " to " + dyno.name() + " on port " + dyno.port().getAsInt() + ": " + e);
                    return;
                }
            }
            failures.add("request " + i + ": refused by " + MAX_ATTEMPTS + " dynos in a row");
        }

        String report() {
            return "served=" + served + " refusedThenRetried=" + refusedThenRetried + " fewestUp=" + fewestUp
                    + " failures=" + failures.subList(0, Math.min(5, failures.size()));
        }
    }

    @Test
    void cyclingRestartsADynoAfterTheShortenedPeriod() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), RestartPolicy.heroku(Duration.ofMinutes(1), new SplittableRandom()),
                CyclePolicy.withPeriod(Duration.ofSeconds(1), new SplittableRandom())));
        manager.apply(APP, release(1, Map.of("worker", "exec sleep 600"), Map.of()), formation("worker", 1)).get();
        awaitCount("worker.1", "Cycling", 2);
        List<LogLine> sys = systemLines("worker.1");
        assertThat(sys.stream().map(LogLine::text).toList()).containsSubsequence(
                "State changed from starting to up",
                "Cycling",
                "State changed from up to starting",
                "Stopping all processes with SIGTERM",
                "Starting process with command `exec sleep 600`",
                "State changed from starting to up");
        Instant firstStart = times(sys, "State changed from down to starting").get(0);
        Instant firstCycle = times(sys, "Cycling").get(0);
        assertThat(Duration.between(firstStart, firstCycle)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(system("worker.1")).contains("Process exited with status 143");
    }

    @Test
    void restartStartsTheReplacementWithoutWaitingForTheOldProcess() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(1)));
        manager.apply(APP, release(1, Map.of("worker", "trap '' TERM; echo ready; exec sleep 600"), Map.of()),
                formation("worker", 1)).get();
        awaitLine("app", "worker.1", "ready");
        manager.restart(APP, Optional.of("worker")).get();
        awaitLine("dynod", "worker.1", "Process exited with status 137");
        List<String> sys = system("worker.1");
        int secondStart = sys.lastIndexOf("Starting process with command `trap '' TERM; echo ready; exec sleep 600`");
        assertThat(sys).containsSubsequence("Restarting", "State changed from up to starting", "Stopping all processes with SIGTERM");
        assertThat(secondStart).isLessThan(sys.indexOf("Process exited with status 137"));
        awaitState("worker.1", DynoState.UP);
    }

    @Test
    void r14IsLoggedRateLimitedWhileAMemoryHogStaysOverItsQuota() throws Exception {
        long quota = 16L << 20;
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1))
                .withMemory(Duration.ofMillis(100), Duration.ofSeconds(1), size -> quota));
        // the shell keeps ~40 MB in a variable, then waits; a second worker stays small
        String hog = "x=$(head -c 40000000 /dev/zero | tr '\\0' a); echo holding; sleep 600";
        manager.apply(APP, release(1, Map.of("hog", hog, "small", "exec sleep 600"), Map.of()),
                formation("hog", 1, "small", 1)).get();
        awaitLine("app", "hog.1", "holding");
        awaitCount("hog.1", "Error R14 (Memory quota exceeded)", 2);
        List<LogLine> sys = systemLines("hog.1");
        List<Instant> r14 = times(sys, "Error R14 (Memory quota exceeded)");
        assertThat(Duration.between(r14.get(0), r14.get(1))).as("rate limit").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sys.stream().map(LogLine::text).filter(t -> t.startsWith("Process running mem=")).findFirst())
                .hasValueSatisfying(t -> assertThat(t).matches("Process running mem=\\d+MB\\(\\d+\\.\\d%\\)"));
        assertThat(system("small.1")).noneMatch(t -> t.startsWith("Error R14"));
    }

    @Test
    void metricsShowEachDynosCpuTimeAndMemory() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1))
                .withMemory(Duration.ofMillis(100), Duration.ofSeconds(20), DynoSize::quotaBytes));
        String burn = "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo burned; exec sleep 600";
        manager.apply(APP, release(1, Map.of("burn", burn, "calm", "exec sleep 600"), Map.of()),
                formation("burn", 1, "calm", 1)).get();
        awaitLine("app", "burn.1", "burned");
        Await.until(WAIT, "burn.1's cpu time in the metrics",
                () -> cpuSeconds("burn.1").orElse(0) >= 0.05, () -> manager.metrics().prometheusText());
        String text = manager.metrics().prometheusText();
        assertThat(cpuSeconds("calm.1")).as("a sleeping dyno's cpu time is reported too").isPresent();
        assertThat(cpuSeconds("calm.1").getAsDouble()).isLessThan(cpuSeconds("burn.1").getAsDouble());
        assertThat(MetricsText.value(text, "dynod_dyno_memory_bytes", APP, "burn.1").orElse(-1))
                .as("memory").isPositive();
        assertThat(MetricsText.value(text, "dynod_dyno_restarts_total", APP, "burn.1")).hasValue(0);
    }

    private java.util.OptionalDouble cpuSeconds(String dyno) {
        return MetricsText.value(manager.metrics().prometheusText(), "dynod_dyno_cpu_seconds_total", APP, dyno);
    }

    @Test
    void aRestartedManagerReadoptsRunningDynosRestartsTheOneThatEndedAndLosesNoLogLine() throws Exception {
        Path journals = dir.resolve("journal");
        logs = new AppLogs(100_000, journals); // the check below needs every line, not the last 1,500
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        String chatty = "i=0; while [ ! -e \"$HOME/stop-$DYNO\" ]; do echo \"$DYNO $$ line $i\"; i=$((i+1)); sleep 0.05; done; "
                + "echo \"$DYNO $$ line $i\"; exit 3";
        Release v1 = release(1, Map.of("worker", chatty), Map.of());
        Formation formation = formation("worker", 3);
        DesiredState desired = new DesiredState(dir.resolve("apps"), new StateStore());
        desired.save(AppRecord.of(APP, T0, List.of(v1), formation));
        manager.apply(APP, v1, formation).get();
        awaitUp("worker.1", "worker.2", "worker.3");
        for (String dyno : List.of("worker.1", "worker.2", "worker.3")) {
            Await.until(WAIT, "output of " + dyno, () -> lines(dyno, LogSource.APP).size() >= 3, this::dump);
        }
        Map<String, Long> pidsBefore = ps().stream().collect(Collectors.toMap(d -> d.name().toString(), DynoStatus::pid));

        // the agent goes away; the dynos do not
        manager.close();
        List<String> worker1System = system("worker.1");
        // meanwhile worker.2 writes its last line and exits with status 3
        Files.createFile(appDir.resolve("stop-worker.2"));
        awaitGone(pidsBefore.get("worker.2"));
        Files.delete(appDir.resolve("stop-worker.2"));

        logs = new AppLogs(100_000, journals); // refilled from the journal
        List<DynoRecord> records = runDir.loadAll();
        assertThat(records).extracting(DynoRecord::dyno).containsExactly("worker.1", "worker.2", "worker.3");
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        manager.recover(desired.loadAll(), records).get();

        awaitUp("worker.1", "worker.2", "worker.3");
        Map<String, Long> pidsAfter = ps().stream().collect(Collectors.toMap(d -> d.name().toString(), DynoStatus::pid));
        assertThat(pidsAfter.get("worker.1")).isEqualTo(pidsBefore.get("worker.1"));
        assertThat(pidsAfter.get("worker.3")).isEqualTo(pidsBefore.get("worker.3"));
        assertThat(pidsAfter.get("worker.2")).isNotEqualTo(pidsBefore.get("worker.2"));
        assertThat(system("worker.2")).containsSubsequence("Process exited with status 3",
                "State changed from up to crashed", "State changed from crashed to starting", "State changed from starting to up");
        assertThat(system("worker.1")).as("adopted quietly: no restart, no state change").isEqualTo(worker1System);

        // the log after the restart holds every line of every process exactly once, in order
        for (String dyno : List.of("worker.1", "worker.2", "worker.3")) {
            List<String> all = lines(dyno, LogSource.APP);
            Map<String, List<Integer>> byProcess = all.stream().collect(Collectors.groupingBy(
                    l -> l.split(" ")[1], java.util.LinkedHashMap::new,
                    Collectors.mapping(l -> Integer.parseInt(l.split(" ")[3]), Collectors.toList())));
            for (List<Integer> numbers : byProcess.values()) {
                assertThat(numbers).as(dyno + " lines in order, none lost or repeated")
                        .isEqualTo(java.util.stream.IntStream.range(0, numbers.size()).boxed().toList());
            }
        }
    }

    @Test
    void aChattyDynosLogFileStaysUnderItsCapWithoutLosingALine() throws Exception {
        logs = new AppLogs(100_000);
        long cap = 64 * 1024;
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)).withLogFileCap(cap));
        String chatty = "i=0; while [ $i -lt 20000 ]; do echo \"line $i of some chatty output\"; i=$((i+1)); done; exec sleep 600";
        manager.apply(APP, release(1, Map.of("worker", chatty), Map.of()), formation("worker", 1)).get();
        Path logFile = runDir.logFile(APP, DynoName.parse("worker.1"));
        Await.until(WAIT, "all 20,000 lines logged", () -> lines("worker.1", LogSource.APP).size() >= 20_000, this::dump);
        Await.until(WAIT, "the log file trimmed under its cap", () -> allocated(logFile) <= cap, () -> logFile + ": " + allocated(logFile));
        assertThat(Files.size(logFile)).as("the file itself keeps its offsets").isGreaterThan(cap * 8);
        List<String> logged = lines("worker.1", LogSource.APP);
        for (int i = 0; i < 20_000; i++) {
            assertThat(logged.get(i)).isEqualTo("line " + i + " of some chatty output");
        }
        assertThat(logged).hasSize(20_000);
    }

    @Test
    void idlingStopsUpDynosAsIdleAndWakingStartsThemAgain() throws Exception {
        start(settings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        manager.apply(APP, release(1, Map.of("web", webCommand(), "worker", "exec sleep 600"), Map.of("RELEASE_TAG", "v1")),
                formation("web", 1, "worker", 1)).get();
        awaitUp("web.1", "worker.1");
        long webPid = status("web.1").pid();
        manager.idle(APP).get();
        awaitGone(webPid);
        assertThat(ps()).extracting(DynoStatus::state).containsOnly(DynoState.IDLE);
        assertThat(system("web.1")).containsSubsequence("Idling", "State changed from up to idle",
                "Stopping all processes with SIGTERM", "Process exited with status 143");
        manager.wake(APP).get();
        awaitUp("web.1", "worker.1");
        assertThat(get(status("web.1").port().getAsInt())).isEqualTo("web.1 v1");
        assertThat(system("worker.1")).containsSubsequence("Idling", "Unidling", "State changed from idle to starting",
                "State changed from starting to up");
    }

    // ---- fixture ----

    private void start(ManagerSettings settings) {
        manager = new DynoManager(runtime, TcpPortCheck.loopback(), settings, InstantSource.system(), logs,
                (app, release) -> appDir, runDir);
    }

    private static ManagerSettings settings(Duration bootTimeout, Duration grace, Duration restartUnit) {
        return settings(bootTimeout, grace, RestartPolicy.heroku(restartUnit, new SplittableRandom()),
                CyclePolicy.heroku(new SplittableRandom()));
    }

    private static ManagerSettings settings(Duration bootTimeout, Duration grace, RestartPolicy restart, CyclePolicy cycle) {
        return new ManagerSettings(bootTimeout, grace, Duration.ofMillis(50), Duration.ofMillis(50), restart, cycle);
    }

    private static Release release(int version, Map<String, String> types, Map<String, String> config) {
        return new Release(version, new SlugRef("d".repeat(64)), ConfigVars.of(config), types, T0, "test");
    }

    private static Formation formation(Object... typeQuantity) {
        Formation f = Formation.empty();
        for (int i = 0; i < typeQuantity.length; i += 2) {
            f = f.with((String) typeQuantity[i], new Formation.Scale((Integer) typeQuantity[i + 1], DynoSize.DEFAULT));
        }
        return f;
    }

    private static String webCommand() {
        return TestWebApp.command();
    }

    private List<DynoStatus> ps() {
        try {
            return manager.ps(APP).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("ps failed", e);
        }
    }

    private DynoStatus status(String dyno) {
        return ps().stream().filter(d -> d.name().toString().equals(dyno)).findFirst()
                .orElseThrow(() -> new AssertionError("no dyno " + dyno + " in " + ps()));
    }

    private void awaitState(String dyno, DynoState state) {
        Await.until(WAIT, dyno + " " + state.wireName(),
                () -> ps().stream().anyMatch(d -> d.name().toString().equals(dyno) && d.state() == state), this::dump);
    }

    /** Exactly these dynos exist, all up. */
    private void awaitUp(String... dynos) {
        Await.until(WAIT, "exactly " + List.of(dynos) + " up", () -> {
            List<DynoStatus> ps = ps();
            return ps.stream().map(d -> d.name().toString()).toList().equals(List.of(dynos))
                    && ps.stream().allMatch(d -> d.state() == DynoState.UP);
        }, this::dump);
    }

    private void awaitLine(String source, String dyno, String text) {
        LogSource src = LogSource.fromWord(source);
        Await.until(WAIT, source + "[" + dyno + "]: " + text, () -> lines(dyno, src).contains(text), this::dump);
    }

    private void awaitCount(String dyno, String text, int count) {
        Await.until(WAIT, count + " x dynod[" + dyno + "]: " + text,
                () -> system(dyno).stream().filter(text::equals).count() >= count, this::dump);
    }

    private void awaitGone(long pid) {
        Await.until(WAIT, "pid " + pid + " gone", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), this::dump);
    }

    private List<LogLine> systemLines(String dyno) {
        return logs.of(APP).recent(ALL_LINES, LogFilter.of(dyno, LogSource.DYNOD));
    }

    private List<String> system(String dyno) {
        return lines(dyno, LogSource.DYNOD);
    }

    private List<String> lines(String dyno, LogSource source) {
        return logs.of(APP).recent(ALL_LINES, LogFilter.of(dyno, source)).stream().map(LogLine::text).toList();
    }

    private List<String> allLines() {
        return logs.of(APP).recent(ALL_LINES, LogFilter.ALL).stream()
                .map(l -> l.source().word() + "[" + l.dyno() + "] " + l.text()).toList();
    }

    private static List<Instant> times(List<LogLine> lines, String text) {
        return lines.stream().filter(l -> l.text().equals(text)).map(LogLine::at).toList();
    }

    private String dump() {
        List<LogLine> all = logs.of(APP).recent(ALL_LINES, LogFilter.ALL);
        List<LogLine> app = all.stream().filter(l -> l.source() == LogSource.APP).toList();
        return all.stream().filter(l -> l.source() == LogSource.DYNOD).map(LogLine::toString).collect(Collectors.joining("\n"))
                + "\n... last app lines:\n" + app.subList(Math.max(0, app.size() - 20), app.size()).stream()
                .map(LogLine::toString).collect(Collectors.joining("\n"));
    }

    /** Disk bytes the file really occupies ({@code stat %b}, 512-byte blocks). */
    private static long allocated(Path file) {
        try {
            Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
            String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            stat.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out) * 512;
        } catch (IOException | InterruptedException | NumberFormatException e) {
            throw new AssertionError("stat " + file, e);
        }
    }

    private static String get(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return exchange(socket);
        }
    }

    /** One GET on a connected socket; the body of a complete 200 response, else an IOException. */
    private static String exchange(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (!response.startsWith("HTTP/1.1 200 ") || !response.contains("\r\n\r\n")) {
            throw new IOException("no complete 200 response: '" + response + "'");
        }
        return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
    }
}
