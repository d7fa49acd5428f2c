package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.testsupport.HostRequirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dyno-exec's own failure paths and its install. They fail before any privileged step, so they run
 * anywhere dyno-exec was built (gcc at build time; required when CI=true).
 */
class DynoExecIT {
    @TempDir
    Path base;

    private Path run;
    private Path helper;
    private Path ddir;
    private Path marker;

    @BeforeEach
    void install() throws IOException {
        run = Files.createDirectories(base.resolve("run"));
        Optional<Path> installed = DynoExec.install(run);
        HostRequirement.require(installed.isPresent(), "dyno-exec (built with gcc)");
        helper = installed.orElseThrow();
        ddir = Files.createDirectories(base.resolve("dyno"));
        Files.writeString(ddir.resolve("fstab"), "");
        marker = base.resolve("program-ran");
    }

    @Test
    void aBadArgumentIsOneUsageLineAndExit2WithNothingRun() throws Exception {
        Result result = run("web.1", "not-a-uid", List.of());

        assertThat(result.status).isEqualTo(2);
        assertThat(result.output.lines().findFirst()).contains(
                "dyno-exec: usage: UID must be a number from 1 to 2147483647: 'not-a-uid'");
        assertNothingLeft();
    }

    @Test
    void aCgroupThatCannotBeJoinedFailsClosedWithItsStepAndCode() throws Exception {
        Path joined = Files.createFile(base.resolve("first.procs"));
        Path missing = base.resolve("no-such-leaf/cgroup.procs");

        Result result = run("web.1", "61000", List.of(joined, missing));

        assertThat(result.status).isEqualTo(111);
        assertThat(result.output).isEqualTo("dyno-exec: join cgroup " + missing + ": No such file or directory\n");
        assertThat(Files.readString(joined)).isEqualTo(result.pid + "\n");
        assertNothingLeft();
    }

    @Test
    void aFileUnderTheInstalledNameWithOtherContentIsReplacedAndOlderVersionsGo() throws Exception {
        Files.writeString(helper, "#!/bin/sh\necho tampered\n");
        Files.writeString(run.resolve("dyno-exec-0123456789abcdef"), "an earlier build");

        Path again = DynoExec.install(run).orElseThrow();

        assertThat(again).isEqualTo(helper);
        assertThat(Files.readString(helper, StandardCharsets.ISO_8859_1)).doesNotContain("tampered");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helper))).isEqualTo("rwxr-xr-x");
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files).containsExactly(helper);
        }
    }

    private void assertNothingLeft() throws IOException {
        assertThat(marker).doesNotExist();
        try (Stream<Path> files = Files.list(ddir)) {
            assertThat(files).containsExactly(ddir.resolve("fstab"));
        }
    }

    private Result run(String dyno, String uid, List<Path> procs) throws Exception {
        List<String> argv = new ArrayList<>(List.of(helper.toString(), dyno, ddir.toString(), uid, "1024",
                ddir.resolve("exit").toString()));
        procs.forEach(p -> argv.add(p.toString()));
        argv.addAll(List.of("--", "--", "PATH=/usr/bin:/bin", "--", "/bin/sh", "-c", "touch " + marker));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                process.pid());
    }

    private record Result(int status, String output, long pid) {}
}
