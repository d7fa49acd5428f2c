package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import io.dynod.supervisor.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash ladder's resets as the manager applies them, with crashes simulated through a fake
 * runtime and a one-hour unit with the highest draw, so a cool-off never ends during a test:
 * "restarted" below always means "restarted at once".
 */
class DynoManagerPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final FakeRuntime runtime = new FakeRuntime();
    private DynoManager manager;
    private final Release v1 = new Release(1, new SlugRef("f".repeat(64)), ConfigVars.empty(), Map.of("worker", "work"), T0, "v1");

    @BeforeEach
    void start() {
        manager = new DynoManager(runtime, spec -> true, new ManagerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofHours(1), new ScriptedRandom(1.0)),
                CyclePolicy.heroku(new SplittableRandom())), InstantSource.system(), new AppLogs(),
                (app, r) -> dir, new RunDir(dir.resolve("run"), new StateStore()));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static Formation workers(int n) {
        return Formation.empty().with("worker", new Formation.Scale(n, DynoSize.DEFAULT));
    }

    private DynoState state() throws Exception {
        return manager.ps("hello").get(30, TimeUnit.SECONDS).get(0).state();
    }

    private void awaitState(DynoState wanted) {
        Await.until(WAIT, "worker.1 " + wanted.wireName(), () -> {
            try {
                return state() == wanted;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, runtime.started::toString);
    }

    /** Crash #1 restarts at once; crash #2 enters the cool-off (an hour-long unit: it stays crashed). */
    private void crashTwice() {
        int before = runtime.started.size();
        runtime.exit("worker.1", 1);
        Await.until(WAIT, "restart at once", () -> runtime.started.size() == before + 1, runtime.started::toString);
        awaitState(DynoState.UP);
        runtime.exit("worker.1", 0); // exit 0 is a crash too
        awaitState(DynoState.CRASHED);
    }

    /** After a reset, the next crash is a first crash again: restarted at once. */
    private void nextCrashRestartsAtOnce() {
        awaitState(DynoState.UP);
        int before = runtime.started.size();
        runtime.exit("worker.1", 1);
        Await.until(WAIT, "restart at once after the reset", () -> runtime.started.size() == before + 1, runtime.started::toString);
        awaitState(DynoState.UP);
    }

    @Test
    void releasesAndScalingFromManyThreadsApplyWholeAndOneAtATime() throws Exception {
        manager.apply("hello", v1, workers(1)).get(30, TimeUnit.SECONDS);
        // release vN comes with N workers: a mix of two calls would show as a count that does not match the release
        List<Thread> callers = new java.util.ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Void>> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int n = 2; n <= 7; n++) {
            Release vN = new Release(n, v1.slug(), ConfigVars.of(Map.of("N", Integer.toString(n))), v1.processTypes(), T0, "v" + n);
            int quantity = n;
            callers.add(new Thread(() -> applied.add(manager.apply("hello", vN, workers(quantity)))));
        }
        callers.forEach(Thread::start);
        for (Thread t : callers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        java.util.concurrent.CompletableFuture.allOf(applied.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        Await.until(WAIT, "every worker up on one release with that release's count", () -> {
            List<DynoStatus> ps = ps();
            int release = ps.get(0).release();
            return ps.size() == release && ps.stream().allMatch(d -> d.release() == release && d.state() == DynoState.UP);
        }, () -> ps().toString());
    }

    private List<DynoStatus> ps() {
        try {
            return manager.ps("hello").get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("ps failed", e);
        }
    }

    @Test
    void theSecondCrashWaitsTheCoolOff() throws Exception {
        manager.apply("hello", v1, workers(1)).get();
        crashTwice();
        assertThat(runtime.started).hasSize(2);
        assertThat(state()).isEqualTo(DynoState.CRASHED);
    }

    @Test
    void restartResetsTheLadder() throws Exception {
        manager.apply("hello", v1, workers(1)).get();
        crashTwice();
        manager.restart("hello", Optional.empty()).get();
        nextCrashRestartsAtOnce();
    }

    @Test
    void aNewReleaseResetsTheLadder() throws Exception {
        manager.apply("hello", v1, workers(1)).get();
        crashTwice();
        manager.apply("hello", v1.withConfig(ConfigVars.of(Map.of("A", "1")), T0, "v2"), workers(1)).get();
        nextCrashRestartsAtOnce();
    }

    @Test
    void scalingToZeroAndBackResetsTheLadder() throws Exception {
        manager.apply("hello", v1, workers(1)).get();
        crashTwice();
        manager.scale("hello", workers(0)).get();
        assertThat(manager.ps("hello").get()).isEmpty();
        manager.scale("hello", workers(1)).get();
        nextCrashRestartsAtOnce();
        assertThat(runtime.started).containsOnly("worker.1").hasSize(4);
    }

    @Test
    void restartingADyno() throws Exception {
        manager.apply("hello", v1, workers(2)).get();
        manager.restart("hello", Optional.of("worker.2")).get();
        assertThat(runtime.started).containsExactly("worker.1", "worker.2", "worker.2");
        manager.restart("hello", Optional.of("worker")).get();
        assertThat(runtime.started).hasSize(5);
        assertThat(manager.ps("hello").get()).extracting(DynoStatus::state).containsOnly(DynoState.UP);
        assertThat(List.copyOf(runtime.started).subList(3, 5)).containsExactly("worker.1", "worker.2");
    }
}
