package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.linux.LibC;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.testsupport.Eventually;
import io.dynod.supervisor.testsupport.HostRequirement;
import io.dynod.supervisor.testsupport.TestCgroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Real dynos for the acceptance tests: a launcher that requires isolation, under a
 * {@code dynod-test-<random>} cgroup prefix, with its runtime, log, state and slug dirs in a temp dir.
 */
final class DynoFixture {
    static final DynoSize TINY = new DynoSize("test-tiny", 32L << 20, 100, 20);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    final Path base;
    final Path stateDir;
    final Path slugsDir;
    final LaunchConfig config;
    final DynoLauncher launcher;
    private final List<RunningDyno> started = new ArrayList<>();

    private DynoFixture(Path base, IsolationPolicy policy, LaunchChain chain) throws IOException {
        this.base = base;
        this.stateDir = Files.createDirectories(base.resolve("state"));
        this.slugsDir = Files.createDirectories(base.resolve("slugs"));
        Files.writeString(stateDir.resolve("agent.token"), "secret-token");
        this.config = new LaunchConfig(TestCgroups.prefix(), base.resolve("run"), base.resolve("logs"),
                List.of(stateDir, slugsDir), 61000, 1000, policy, "16m", 4096);
        if (policy == IsolationPolicy.REQUIRE) {
            TestCgroups.requireRootWithCgroups();
            HostCapabilities host = HostCapabilities.probe(config.cgroupPrefix());
            HostRequirement.require(host.canIsolate(), "dyno isolation (missing: " + host.missing() + ")");
            this.launcher = DynoLauncher.start(config, host, chain);
        } else {
            this.launcher = DynoLauncher.start(config);
        }
    }

    /**
     * Isolated dynos launched through {@code chain}: needs root, cgroups and the launch chain's
     * tools (for dyno-exec: a build with gcc); fails rather than skips on CI.
     */
    static DynoFixture isolated(Path base, LaunchChain chain) throws IOException {
        DynoFixture fixture = new DynoFixture(base, IsolationPolicy.REQUIRE, chain);
        assertThat(fixture.launcher.isolated()).isTrue();
        HostRequirement.require(fixture.launcher.chain() == chain, "the " + chain + " launch chain (dyno-exec needs gcc at build time)");
        return fixture;
    }

    /** Plain processes (degraded mode): runs anywhere. */
    static DynoFixture plain(Path base) throws IOException {
        return new DynoFixture(base, IsolationPolicy.OFF, LaunchChain.SHELL);
    }

    /** A slug: a plain directory tree with a Procfile and the given files. */
    Path slug(String app, Map<String, String> files) {
        try {
            Path dir = Files.createDirectories(slugsDir.resolve(app));
            Files.writeString(dir.resolve("Procfile"), "web: sh -c 'echo hi'\n");
            for (var file : files.entrySet()) {
                Files.createDirectories(dir.resolve(file.getKey()).getParent());
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RunningDyno launch(String app, String dyno, String command) throws IOException {
        return launch(app, dyno, command, Map.of(), OptionalInt.empty(), DynoSize.STANDARD_1X);
    }

    RunningDyno launch(String app, String dyno, String command, Map<String, String> vars, OptionalInt port,
            DynoSize size) throws IOException {
        Path slug = Files.isDirectory(slugsDir.resolve(app)) ? slugsDir.resolve(app) : slug(app, Map.of());
        RunningDyno running = launcher.launch(new DynoSpec(app, dyno, command, vars, port, size, slug));
        started.add(running);
        return running;
    }

    /** Runs a dyno to its end and returns its log. */
    String run(String app, String dyno, String command) throws Exception {
        RunningDyno running = launch(app, dyno, command);
        DynoExit exit = running.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String log = log(running);
        assertThat(exit.reason()).as("exit of %s, log:%n%s", dyno, log).isIn(ExitReason.EXITED, ExitReason.CRASHED);
        return log;
    }

    static String log(RunningDyno dyno) {
        try {
            return Files.readString(dyno.logFile().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitLog(RunningDyno dyno, String text) {
        Eventually.await(dyno.dyno() + " logs '" + text + "'", EXIT_TIMEOUT,
                () -> log(dyno).contains(text) || !dyno.isAlive());
        assertThat(log(dyno)).contains(text);
    }

    static boolean alive(long pid) {
        return LibC.INSTANCE.kill((int) pid, 0) == 0;
    }

    /** Stops every dyno the test started and removes the test's cgroup prefix and slug views. */
    void stopAll() throws InterruptedException {
        StopSequence stop = new StopSequence(Duration.ofSeconds(1));
        for (RunningDyno dyno : started) {
            stop.stop(dyno);
        }
        launcher.close();
        launcher.cgroups().removePrefixIfEmpty();
    }
}
