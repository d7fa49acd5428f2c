package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Acceptance: the exit status dyno-exec records, and that a dyno does not outlive its shim (root, cgroups). */
class DynoExitFileIT extends IsolatedDynos {
    @Test
    void theProgramsExitCodeIsTheShimsStatusAndIsWrittenToTheExitFile() throws Exception {
        Path exitFile = base.resolve("web.1.exit");

        DynoExit exit = runToEnd("echo ending; exit 42", exitFile);

        assertThat(exit).isEqualTo(new DynoExit(42, ExitReason.CRASHED, 0));
        assertThat(Files.readString(exitFile)).isEqualTo("42\n");
        assertThat(Path.of(exitFile + ".tmp")).doesNotExist();
    }

    @Test
    void aDeathBySignalIsRecordedAs128PlusTheSignal() throws Exception {
        Path exitFile = base.resolve("web.1.exit");

        DynoExit exit = runToEnd("kill -USR1 $$", exitFile);

        assertThat(exit.status()).isEqualTo(128 + 10);
        assertThat(exit.reason()).isEqualTo(ExitReason.CRASHED);
        assertThat(Files.readString(exitFile)).isEqualTo("138\n");
    }

    /** Without a cgroup to kill, only the init's parent-death signal ends the dyno when its shim is killed. */
    @Test
    void killingTheShimKillsTheWholeDyno() throws Exception {
        Path helper = DynoExec.install(dynos.config.runtimeDir()).orElseThrow();
        Path ddir = Files.createDirectories(base.resolve("bare"));
        Files.writeString(ddir.resolve("fstab"), "");
        Process shim = new ProcessBuilder(List.of(helper.toString(), "web.1", ddir.toString(), "61000", "1024",
                ddir.resolve("exit").toString(), "--", "--", "--", "/bin/sh", "-c", "sleep 600 & exec sleep 600"))
                .redirectErrorStream(true).start();
        try {
            Eventually.await("the init and both sleeps are up", Duration.ofSeconds(10),
                    () -> shim.descendants().count() == 3);
            List<ProcessHandle> dyno = shim.descendants().toList();

            shim.destroyForcibly();

            assertThat(shim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Eventually.await("every process of the dyno is gone", Duration.ofSeconds(10),
                    () -> dyno.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(ddir.resolve("exit")).doesNotExist();
        } finally {
            shim.descendants().forEach(ProcessHandle::destroyForcibly);
            shim.destroyForcibly();
        }
    }

    private DynoExit runToEnd(String command, Path exitFile) throws Exception {
        Path slug = dynos.slug("shop", Map.of());
        RunningDyno dyno = dynos.launcher.launch(new DynoSpec("shop", "web.1", command, Map.of(), OptionalInt.empty(),
                DynoSize.STANDARD_1X, slug), base.resolve("web.1.log"), exitFile);
        return dyno.onExit().get(DynoFixture.EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
