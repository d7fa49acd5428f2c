package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.logs.LogFilter;
import io.dynod.supervisor.logs.LogLine;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle sleep driven by traffic reports: {@link DynoManager#idleQuietApps} with a clock the test
 * moves, over a fake runtime (web dynos are up at once), and the {@link IdleSweeper} on real time.
 */
class IdleSleepTest {
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = () -> now.get();
    private final FakeRuntime runtime = new FakeRuntime();
    private final AppLogs logs = new AppLogs();
    private final AppTraffic traffic = new AppTraffic(clock);
    private final IdlePolicy policy = IdlePolicy.heroku();
    private DynoManager manager;
    private final Release v1 = new Release(1, new SlugRef("f".repeat(64)), ConfigVars.empty(),
            Map.of("web", "serve", "worker", "work"), T0, "v1");
    /** Apps' own idle-after: "custom" sleeps after 5 minutes, "never" is off. */
    private final Map<String, Duration> settings = Map.of("custom", Duration.ofMinutes(5), "never", Duration.ZERO);

    @BeforeEach
    void start() throws Exception {
        manager = new DynoManager(runtime, spec -> true, new ManagerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMillis(20), Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofHours(1), new SplittableRandom()),
                CyclePolicy.heroku(new SplittableRandom())), clock, logs, (app, r) -> dir,
                new RunDir(dir.resolve("run"), new StateStore()));
        manager.apply("eco", v1, formation(DynoSize.ECO)).get();
        manager.apply("standard", v1, formation(DynoSize.STANDARD_1X)).get();
        manager.apply("custom", v1, formation(DynoSize.STANDARD_1X)).get();
        manager.apply("never", v1, formation(DynoSize.ECO)).get();
        for (String app : List.of("eco", "standard", "custom", "never")) {
            awaitWeb(app, DynoState.UP);
        }
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static Formation formation(DynoSize webSize) {
        return Formation.empty().with("web", new Formation.Scale(1, webSize))
                .with("worker", new Formation.Scale(1, DynoSize.STANDARD_1X));
    }

    private List<String> sweep() throws Exception {
        return manager.idleQuietApps(policy, app -> Optional.ofNullable(settings.get(app)), traffic::lastActivity)
                .get(30, TimeUnit.SECONDS);
    }

    private DynoState state(String app, String dyno) throws Exception {
        return manager.ps(app).get(30, TimeUnit.SECONDS).stream().filter(s -> s.name().toString().equals(dyno))
                .findFirst().orElseThrow().state();
    }

    private void awaitWeb(String app, DynoState wanted) {
        Await.until(WAIT, app + " web.1 " + wanted.wireName(), () -> {
            try {
                return state(app, "web.1") == wanted;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, runtime.started::toString);
    }

    private List<String> system(String app) {
        return logs.of(app).recent(1500, LogFilter.ALL).stream().map(LogLine::text).toList();
    }

    @Test
    void aRestartedAgentGivesEveryAppAFullPeriodBeforeItsFirstTrafficReport() throws Exception {
        now.set(T0.plus(Duration.ofMinutes(40))); // the eco app was up since T0; this agent starts now
        AppTraffic afterRestart = new AppTraffic(clock);
        now.set(T0.plus(Duration.ofMinutes(41)));
        assertThat(manager.idleQuietApps(policy, app -> Optional.empty(), afterRestart::lastActivity)
                .get(30, TimeUnit.SECONDS)).isEmpty();
        now.set(T0.plus(Duration.ofMinutes(70)));
        assertThat(manager.idleQuietApps(policy, app -> Optional.empty(), afterRestart::lastActivity)
                .get(30, TimeUnit.SECONDS)).containsExactlyInAnyOrder("eco", "never");
    }

    @Test
    void ecoAppsSleepAfterThirtyQuietMinutesOthersOnlyWithTheirOwnSetting() throws Exception {
        now.set(T0.plus(Duration.ofMinutes(5)));
        assertThat(sweep()).containsExactly("custom");
        now.set(T0.plus(Duration.ofMinutes(29)));
        assertThat(sweep()).isEmpty();
        now.set(T0.plus(Duration.ofMinutes(30)));
        assertThat(sweep()).containsExactly("eco");
        now.set(T0.plus(Duration.ofHours(5)));
        assertThat(sweep()).isEmpty(); // standard never sleeps, "never" is off, the others sleep already

        assertThat(state("eco", "web.1")).isEqualTo(DynoState.IDLE);
        assertThat(state("eco", "worker.1")).isEqualTo(DynoState.IDLE); // workers sleep with the app
        assertThat(state("standard", "web.1")).isEqualTo(DynoState.UP);
        assertThat(state("never", "web.1")).isEqualTo(DynoState.UP);
        assertThat(system("eco")).containsSubsequence("Idling", "State changed from up to idle");
    }

    @Test
    void trafficPostponesSleepAndAWokenAppGetsItsFullIdlePeriodAgain() throws Exception {
        now.set(T0.plus(Duration.ofMinutes(20)));
        traffic.active(List.of("eco"));
        now.set(T0.plus(Duration.ofMinutes(49)));
        assertThat(sweep()).doesNotContain("eco");
        now.set(T0.plus(Duration.ofMinutes(50)));
        assertThat(sweep()).contains("eco");
        awaitWeb("eco", DynoState.IDLE);

        now.set(T0.plus(Duration.ofMinutes(90)));
        manager.wake("eco").get();
        awaitWeb("eco", DynoState.UP);
        assertThat(system("eco")).contains("Unidling");
        now.set(T0.plus(Duration.ofMinutes(119)));
        assertThat(sweep()).doesNotContain("eco"); // counted from the woken dyno being up, not from old traffic
        now.set(T0.plus(Duration.ofMinutes(120)));
        assertThat(sweep()).contains("eco");
    }

    @Test
    void theSweeperIdlesQuietAppsOnItsOwn() {
        now.set(T0.plus(Duration.ofHours(1)));
        try (IdleSweeper sweeper = new IdleSweeper(manager, policy, traffic,
                app -> Optional.ofNullable(settings.get(app)), Duration.ofMillis(20))) {
            awaitWeb("eco", DynoState.IDLE);
            awaitWeb("custom", DynoState.IDLE);
        }
    }
}
