package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.logs.LogFilter;
import io.dynod.supervisor.logs.LogLine;
import io.dynod.supervisor.logs.LogPosition;
import io.dynod.supervisor.logs.LogSource;
import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.DynoRecord;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's side of re-adoption against a runtime that only reports (standing in for the
 * cgroup-based one, which needs root): each record is adopted or handled as ended exactly once,
 * missing dynos are started, and strays are reaped knowing every adopted cgroup.
 */
class DynoManagerRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

    @TempDir
    Path dir;

    private final FakeRuntime runtime = new FakeRuntime();
    private final AppLogs logs = new AppLogs();
    private DynoManager manager;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void adoptsRunningDynosHandlesEndedOnesStartsMissingOnesAndReapsStrays() throws Exception {
        RunDir runDir = new RunDir(dir.resolve("run"), new StateStore());
        manager = new DynoManager(runtime, spec -> true, new ManagerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofMinutes(1), new SplittableRandom()),
                CyclePolicy.heroku(new SplittableRandom())), InstantSource.system(), logs, (app, r) -> dir, runDir);
        Release v1 = new Release(1, new SlugRef("f".repeat(64)), ConfigVars.empty(), Map.of("worker", "work"), T0, "test");
        Formation four = Formation.empty().with("worker", new Formation.Scale(4, DynoSize.DEFAULT));
        runtime.running.put(101L, "/sys/fs/cgroup/dynod/hello/worker.1");
        runtime.endedStatus.put(102L, 3);
        runtime.endedStatus.put(104L, 1);

        // worker.2 ended meanwhile (first crash: restart at once); worker.4 too, but it had crashed
        // before, so its cool-off applies; worker.3 has no record at all
        manager.recover(new TreeMap<>(Map.of("hello", AppRecord.of("hello", T0, List.of(v1), four))),
                List.of(record("worker.1", 101, 0), record("worker.2", 102, 0), record("worker.4", 104, 1)))
                .get(30, TimeUnit.SECONDS);
        List<DynoStatus> ps = manager.ps("hello").get(30, TimeUnit.SECONDS);

        assertThat(runtime.adopted).containsExactly(101L, 102L, 104L);
        assertThat(runtime.started).containsExactly("worker.3", "worker.2");
        assertThat(runtime.reapedKnowing).containsExactly(Set.of("/sys/fs/cgroup/dynod/hello/worker.1"));
        assertThat(ps).extracting(d -> d.name() + " " + d.state().wireName() + " " + d.pid())
                .containsExactly("worker.1 up 101", "worker.2 up 1003", "worker.3 up 1002", "worker.4 crashed -1");
        List<String> worker2 = logs.of("hello").recent(100, LogFilter.of("worker.2", LogSource.DYNOD)).stream()
                .map(LogLine::text).toList();
        assertThat(worker2).containsSubsequence("Process exited with status 3", "State changed from up to crashed",
                "State changed from crashed to starting", "State changed from starting to up");
        assertThat(logs.of("hello").recent(100, LogFilter.of("worker.1", LogSource.DYNOD))).isEmpty();
        assertThat(runDir.loadAll()).extracting(r -> r.dyno() + " " + r.cgroupPath() + " " + r.consecutiveCrashes())
                .containsExactly("worker.1 /sys/fs/cgroup/dynod/hello/worker.1 0", "worker.2 /fake/1003 1",
                        "worker.3 /fake/1002 0", "worker.4  2");
    }

    private DynoRecord record(String dyno, long pid, int crashesBefore) {
        return new DynoRecord("hello", dyno, 1, "up", pid, 7, 0, "/sys/fs/cgroup/dynod/hello/" + dyno,
                dir.resolve(dyno + ".log").toString(), LogPosition.START, dir.resolve(dyno + ".exit").toString(),
                T0, crashesBefore, null, T0.plus(Duration.ofDays(1)));
    }
}
