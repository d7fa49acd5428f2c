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
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a {@link DynoListener} hears: every state change, then the removal of a dyno scaled away. */
class DynoManagerListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

    @TempDir
    Path dir;

    private final FakeRuntime runtime = new FakeRuntime();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final DynoListener recorder = new DynoListener() {
        @Override
        public void changed(DynoChange change) {
            heard.add(change.app() + " " + change.dyno() + " " + change.to().wireName()
                    + (change.port().isPresent() ? " port" : ""));
        }

        @Override
        public void removed(String app, DynoName dyno) {
            heard.add(app + " " + dyno + " removed");
        }
    };
    private DynoManager manager;
    private final Release v1 = new Release(1, new SlugRef("f".repeat(64)), ConfigVars.empty(), Map.of("web", "serve"), T0, "v1");

    @BeforeEach
    void start() {
        manager = new DynoManager(runtime, spec -> true, new ManagerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMillis(20), Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofHours(1), new SplittableRandom(1)),
                CyclePolicy.heroku(new SplittableRandom())), InstantSource.system(), new AppLogs(),
                (app, r) -> dir, new RunDir(dir.resolve("run"), new StateStore()));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static Formation web(int n) {
        return Formation.empty().with("web", new Formation.Scale(n, DynoSize.DEFAULT));
    }

    private void awaitHeard(String line) {
        Await.until(WAIT, "heard '" + line + "'", () -> heard.contains(line), heard::toString);
    }

    @Test
    void hearsEachChangeInOrderAndTheRemovalAfterTheLastState() throws Exception {
        manager.addListener(recorder).get(30, TimeUnit.SECONDS);
        manager.apply("hello", v1, web(2)).get(30, TimeUnit.SECONDS);
        awaitHeard("hello web.1 up port");
        awaitHeard("hello web.2 up port");
        assertThat(heard.indexOf("hello web.1 starting port")).isLessThan(heard.indexOf("hello web.1 up port"));

        manager.apply("hello", v1, web(1)).get(30, TimeUnit.SECONDS);
        awaitHeard("hello web.2 removed");
        assertThat(heard.indexOf("hello web.2 down port")).isLessThan(heard.indexOf("hello web.2 removed"));
        assertThat(heard).doesNotContain("hello web.1 removed");
    }

    @Test
    void aNewListenerHearsTheDynosThatAlreadyRun() throws Exception {
        manager.apply("hello", v1, web(1)).get(30, TimeUnit.SECONDS);
        Await.until(WAIT, "web.1 up", () -> {
            try {
                return manager.ps("hello").get().get(0).state() == DynoState.UP;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, heard::toString);
        manager.addListener(recorder).get(30, TimeUnit.SECONDS);
        assertThat(heard).containsExactly("hello web.1 up port");
    }

    @Test
    void aFailingListenerDoesNotStopTheManager() throws Exception {
        manager.addListener(new DynoListener() {
            @Override
            public void changed(DynoChange change) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void removed(String app, DynoName dyno) {
                throw new IllegalStateException("boom");
            }
        }).get(30, TimeUnit.SECONDS);
        manager.addListener(recorder).get(30, TimeUnit.SECONDS);
        manager.apply("hello", v1, web(1)).get(30, TimeUnit.SECONDS);
        awaitHeard("hello web.1 up port");
    }
}
