package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.release.DynoSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Degraded mode (isolation off): a plain process in the slug dir, with exactly the dyno's env. Runs anywhere. */
class PlainDynoIT {
    @TempDir
    Path base;

    private DynoFixture dynos;

    @AfterEach
    void tearDown() throws Exception {
        if (dynos != null) {
            dynos.stopAll();
        }
    }

    @Test
    void plainDynoRunsInTheSlugWithExactlyItsEnvAndReportsItsStatus() throws Exception {
        dynos = DynoFixture.plain(base);
        assertThat(dynos.launcher.isolated()).isFalse();
        assertThat(dynos.launcher.cgroups().kind()).isEqualTo("none");
        Path slug = dynos.slug("shop", Map.of());

        RunningDyno dyno = dynos.launch("shop", "worker.1", "pwd; tr '\\0' '\\n' < /proc/$$/environ; exit 3",
                Map.of("GREETING", "hi"), OptionalInt.empty(), DynoSize.STANDARD_1X);
        DynoExit exit = dyno.onExit().get(30, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new DynoExit(3, ExitReason.CRASHED, 0));
        assertThat(DynoFixture.log(dyno).lines()).containsExactlyInAnyOrder(slug.toString(), "GREETING=hi",
                "DYNO=worker.1", "HOME=" + slug, "PATH=/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void plainDynoIsStoppedWithItsChildren() throws Exception {
        dynos = DynoFixture.plain(base);
        RunningDyno dyno = dynos.launch("shop", "web.1", "sleep 600 & echo up; wait");
        DynoFixture.awaitLog(dyno, "up");
        var pids = dyno.processes();
        assertThat(pids).hasSizeGreaterThanOrEqualTo(3);

        DynoExit exit = new StopSequence(Duration.ofSeconds(1)).stop(dyno);

        assertThat(exit.reason()).isEqualTo(ExitReason.STOPPED);
        io.dynod.supervisor.testsupport.Eventually.await("plain dyno's processes gone", Duration.ofSeconds(5),
                () -> pids.stream().noneMatch(DynoFixture::alive));
    }
}
