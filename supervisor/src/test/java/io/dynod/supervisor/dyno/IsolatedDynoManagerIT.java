package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.launch.IsolationPolicy;
import io.dynod.supervisor.launch.LaunchConfig;
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
import io.dynod.supervisor.testsupport.TestCgroups;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dyno manager over the isolated runtime: real dynos (namespaces, cgroup leaf, overlay, app
 * uid) under a {@code dynod-test-<random>} prefix. Root, cgroups and the launch chain's tools
 * needed: skips elsewhere, fails when {@code CI=true}.
 */
class IsolatedDynoManagerIT {
    private static final String APP = "shop";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final DynoSize TINY = new DynoSize("test-tiny", 32L << 20, 100, 20);
    private static final String WEB = "echo \"web as $(id -u) in $(pwd)\"; exec perl -MIO::Socket::INET -e '"
            + "my $s = IO::Socket::INET->new(LocalAddr => \"127.0.0.1\", LocalPort => $ENV{PORT}, Listen => 5, ReuseAddr => 1) or die \"bind: $!\";"
            + "while (my $c = $s->accept) { while (my $l = <$c>) { last if $l =~ /^\\r?$/ } print $c \"HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from $ENV{DYNO}\\n\"; close $c }'";

    @TempDir
    Path dir;

    private final String prefix = TestCgroups.prefix();
    private final AppLogs logs = new AppLogs();
    private CgroupDriver cgroups;
    private IsolatedDynoRuntime runtime;
    private DynoManager manager;
    private RunDir runDir;
    private Path home;
    private Path slug;
    private LaunchConfig config;

    @BeforeEach
    void startRuntime() throws IOException {
        CgroupDriver detected = TestCgroups.requireIsolation(prefix);
        home = dir.resolve("home");
        slug = Files.createDirectories(dir.resolve("slug"));
        config = new LaunchConfig(prefix, home.resolve("launch"), home.resolve("logs"), List.of(home, slug),
                61000, 1000, IsolationPolicy.REQUIRE, "16m", 4096);
        runtime = (IsolatedDynoRuntime) DynoRuntimes.choose(config);
        cgroups = detected;
        runDir = new RunDir(home.resolve("run"), new StateStore());
    }

    @AfterEach
    void drainEverything() throws Exception {
        if (manager != null) {
            manager.drain().get(60, TimeUnit.SECONDS);
            manager.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (cgroups != null) {
            // whatever a failed test left under its prefix
            for (String leaf : cgroups.leafNames()) {
                cgroups.killAll(cgroups.existing(leaf));
                cgroups.destroy(cgroups.existing(leaf));
            }
            cgroups.removePrefixIfEmpty();
        }
    }

    @Test
    void webIsUpOnItsPortACrashRestartsAndADrainLeavesNothing() throws Exception {
        start(new ManagerSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(50),
                RestartPolicy.heroku(Duration.ofMinutes(1), new SplittableRandom()), CyclePolicy.heroku(new SplittableRandom())));
        Release v1 = release(Map.of("web", WEB, "worker", "echo \"worker as $(id -u)\"; exit 3"));
        manager.apply(APP, v1, formation("web", 1, DynoSize.DEFAULT).with("worker", new Formation.Scale(1, DynoSize.DEFAULT))).get();

        Await.until(WAIT, "web.1 up", () -> state("web.1") == DynoState.UP, this::dump);
        int port = status("web.1").port().getAsInt();
        assertThat(get(port)).isEqualTo("hello from web.1\n");
        assertThat(lines("web.1", LogSource.APP)).singleElement().asString()
                .startsWith("web as 6").endsWith(" in /app").doesNotContain("as 0 ");
        assertThat(cgroups.leafNames()).anyMatch(l -> l.startsWith("dyno-shop.web.1-"));

        Await.until(WAIT, "worker.1 restarted at once after its crash", () -> system("worker.1").stream()
                .filter(t -> t.startsWith("Starting process")).count() >= 2, this::dump);
        assertThat(system("worker.1")).containsSubsequence("Process exited with status 3",
                "State changed from up to crashed", "State changed from crashed to starting");
        assertThat(lines("worker.1", LogSource.APP)).first().asString().startsWith("worker as 6");

        List<DynoRecord> records = runDir.loadAll();
        manager.drain().get(60, TimeUnit.SECONDS);
        assertThat(system("web.1")).containsSubsequence("Stopping all processes with SIGTERM", "Process exited with status 143");
        assertThat(cgroups.leafNames()).as("dyno cgroups left").isEmpty();
        assertThat(home.resolve("launch/dynos")).as("dyno dirs left").isEmptyDirectory();
        assertThat(runDir.loadAll()).as("dyno records left").isEmpty();
        for (DynoRecord r : records) {
            assertThat(ProcStat.isRunning(r.pid(), r.pidStartTime())).as(r.dyno() + " still running").isFalse();
        }
    }

    @Test
    void aDynoOomKilledByTheKernelIsReportedAsR15() throws Exception {
        start(new ManagerSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(50),
                RestartPolicy.heroku(Duration.ofHours(1), new SplittableRandom()), CyclePolicy.heroku(new SplittableRandom()))
                .withMemory(Duration.ofMillis(100), Duration.ofSeconds(1), DynoSize::quotaBytes));
        manager.apply(APP, release(Map.of("hog", "echo allocating; exec dd if=/dev/zero of=/dev/null bs=160M count=1")),
                formation("hog", 1, TINY)).get();

        Await.until(WAIT, "hog.1 crashed", () -> system("hog.1").contains("State changed from up to crashed"), this::dump);
        assertThat(system("hog.1")).containsSubsequence("Error R15 (Memory quota vastly exceeded)",
                "Process exited with status 137", "State changed from up to crashed");
    }

    @Test
    void aRestartedAgentAdoptsARunningDynoAndReportsR15ForOneOomKilledWhileItWasAway() throws Exception {
        Path trigger = Files.createTempDirectory(Path.of("/var/tmp"), "dynod-test-trigger-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            ManagerSettings settings = new ManagerSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(50),
                    Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofMinutes(1), new SplittableRandom()),
                    CyclePolicy.heroku(new SplittableRandom())).withMemory(Duration.ofMillis(100), Duration.ofSeconds(1),
                    DynoSize::quotaBytes);
            start(settings);
            Release v1 = new Release(1, new SlugRef("f".repeat(64)), ConfigVars.of(Map.of("TRIGGER", trigger.toString())),
                    Map.of("hog", "echo waiting; while [ ! -e \"$TRIGGER/go\" ]; do sleep 0.1; done; "
                            + "exec dd if=/dev/zero of=/dev/null bs=1200M count=1", "worker", "echo up; exec sleep 600"),
                    Instant.parse("2026-11-26T11:00:00Z"), "test");
            // the stored desired state knows only Heroku's sizes: 1x has a 1 GB hard limit
            Formation formation = formation("hog", 1, DynoSize.STANDARD_1X).with("worker", new Formation.Scale(1, DynoSize.DEFAULT));
            DesiredState desired = new DesiredState(dir.resolve("apps"), new StateStore());
            desired.save(AppRecord.of(APP, Instant.parse("2026-11-26T11:00:00Z"), List.of(v1), formation));
            manager.apply(APP, v1, formation).get();
            Await.until(WAIT, "both up and talking", () -> lines("hog.1", LogSource.APP).contains("waiting")
                    && lines("worker.1", LogSource.APP).contains("up"), this::dump);
            long workerPid = status("worker.1").pid();
            long hogPid = status("hog.1").pid();

            // the agent goes away; its dynos do not
            manager.close();
            runtime.close();
            Files.createFile(trigger.resolve("go"));
            Await.until(WAIT, "hog.1 OOM-killed while no agent runs", () -> !ProcessHandle.of(hogPid).map(ProcessHandle::isAlive)
                    .orElse(false), this::dump);

            runtime = (IsolatedDynoRuntime) DynoRuntimes.choose(config);
            start(settings);
            manager.recover(desired.loadAll(), runDir.loadAll()).get();

            Await.until(WAIT, "hog.1 restarted", () -> system("hog.1").contains("State changed from crashed to starting"), this::dump);
            assertThat(system("hog.1")).containsSubsequence("Error R15 (Memory quota vastly exceeded)",
                    "Process exited with status 137", "State changed from up to crashed", "State changed from crashed to starting");
            assertThat(status("worker.1").pid()).as("worker.1 adopted").isEqualTo(workerPid);
            assertThat(status("worker.1").state()).isEqualTo(DynoState.UP);
            assertThat(cgroups.leafNames()).as("one leaf per dyno: the adopted one and the restarted one").hasSize(2);

            manager.drain().get(60, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(cgroups.leafNames()).as("stopping an adopted dyno leaves no cgroup").isEmpty();
            assertThat(home.resolve("launch/dynos")).isEmptyDirectory();
        } finally {
            Files.deleteIfExists(trigger.resolve("go"));
            Files.delete(trigger);
        }
    }

    @Test
    void aDynoNoRecordClaimsIsKilledAndRemovedAsAStray() throws Exception {
        DynoSpec spec = new DynoSpec(APP, DynoName.parse("worker.9"), 1, "echo started; exec sleep 600", Map.of(),
                java.util.OptionalInt.empty(), DynoSize.DEFAULT, slug, home.resolve("run/worker.9.log"),
                home.resolve("run/worker.9.1.exit"));
        DynoHandle stray = runtime.start(spec);
        Await.until(WAIT, "the stray runs", () -> read(spec.logFile()).contains("started"), () -> read(spec.logFile()));
        assertThat(cgroups.leafNames()).containsExactly(stray.cgroupPath());

        runtime.reapStrays(java.util.Set.of());

        assertThat(stray.exit().get(30, TimeUnit.SECONDS)).as("killed by SIGKILL").isEqualTo(137);
        assertThat(ProcStat.isRunning(stray.pid(), stray.startTime())).isFalse();
        assertThat(cgroups.leafNames()).isEmpty();
        assertThat(home.resolve("launch/dynos")).isEmptyDirectory();
    }

    // ---- fixture ----

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void start(ManagerSettings settings) {
        manager = new DynoManager(runtime, TcpPortCheck.loopback(), settings, InstantSource.system(), logs,
                (app, release) -> slug, runDir);
    }

    private static Release release(Map<String, String> types) {
        return new Release(1, new SlugRef("f".repeat(64)), ConfigVars.of(Map.of("GREETING", "hi")), types,
                Instant.parse("2026-11-26T11:00:00Z"), "test");
    }

    private static Formation formation(String type, int quantity, DynoSize size) {
        return Formation.empty().with(type, new Formation.Scale(quantity, size));
    }

    private DynoStatus status(String dyno) {
        try {
            return manager.ps(APP).get(30, TimeUnit.SECONDS).stream().filter(d -> d.name().toString().equals(dyno))
                    .findFirst().orElseThrow(() -> new AssertionError("no dyno " + dyno));
        } catch (Exception e) {
            throw new AssertionError("ps failed", e);
        }
    }

    private DynoState state(String dyno) {
        return status(dyno).state();
    }

    private List<String> system(String dyno) {
        return lines(dyno, LogSource.DYNOD);
    }

    private List<String> lines(String dyno, LogSource source) {
        return logs.of(APP).recent(10_000, LogFilter.of(dyno, source)).stream().map(LogLine::text).toList();
    }

    private String dump() {
        return String.join("\n", logs.of(APP).recent(10_000, LogFilter.ALL).stream()
                .map(l -> l.source().word() + "[" + l.dyno() + "] " + l.text()).toList());
    }

    private static String get(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
