package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain runtime with real processes. */
class ProcessDynoRuntimeIT {
    private static final int DYNOS = 10;

    @TempDir
    Path dir;

    private final ProcessDynoRuntime runtime = new ProcessDynoRuntime();
    private final List<DynoHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(runtime::kill);
        runtime.close();
    }

    /** The SIGKILL after the grace ends the process at once: that exit must never turn the stop into EXITED (no R12). */
    @Test
    void aStopOfDynosIgnoringSigtermIsReportedAsKilledEveryTime() throws Exception {
        for (int n = 1; n <= DYNOS; n++) {
            started.add(runtime.start(spec(n, "trap '' TERM; echo ready; exec sleep 600")));
        }
        for (int n = 1; n <= DYNOS; n++) {
            Path log = dir.resolve("worker." + n + ".log");
            Await.until(Duration.ofSeconds(60), "worker." + n + " ready", () -> read(log).contains("ready"), () -> read(log));
        }
        List<CompletableFuture<DynoRuntime.StopResult>> stops = new ArrayList<>();
        for (DynoHandle handle : started) {
            stops.add(runtime.stop(handle, Duration.ofMillis(100)));
        }
        for (int i = 0; i < DYNOS; i++) {
            assertThat(stops.get(i).get(30, TimeUnit.SECONDS)).as("stop of worker.%d", i + 1).isEqualTo(DynoRuntime.StopResult.KILLED);
            assertThat(started.get(i).exit().get(30, TimeUnit.SECONDS)).isEqualTo(137);
        }
    }

    @Test
    void aDynoThatExitsOnSigtermIsReportedAsExited() throws Exception {
        DynoHandle polite = runtime.start(spec(1, "echo ready; exec sleep 600"));
        started.add(polite);
        Path log = dir.resolve("worker.1.log");
        Await.until(Duration.ofSeconds(60), "worker.1 ready", () -> read(log).contains("ready"), () -> read(log));
        assertThat(runtime.stop(polite, Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS)).isEqualTo(DynoRuntime.StopResult.EXITED);
        assertThat(polite.exit().get(30, TimeUnit.SECONDS)).isEqualTo(143);
    }

    private DynoSpec spec(int n, String command) {
        return new DynoSpec("hello", DynoName.parse("worker." + n), 1, command, Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"),
                OptionalInt.empty(), DynoSize.DEFAULT, dir, dir.resolve("worker." + n + ".log"), dir.resolve("worker." + n + ".1.exit"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
