package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/** Runs {@code systemd/install.sh} from the repository, always with the jar the build made. */
final class InstallScript {

    static final Path REPO = Path.of(System.getProperty("dynod.root", "..")).toAbsolutePath().normalize();
    static final Path SYSTEMD_DIR = REPO.resolve("systemd");
    static final Path JAR = Path.of(System.getProperty("dynod.jar", "../cli/target/dynod.jar")).toAbsolutePath();

    private InstallScript() {
    }

    static ProcessResult run(String... args) throws Exception {
        assertThat(JAR).as("the jar the build makes (cli/target/dynod.jar)").isRegularFile();
        List<String> command = new ArrayList<>(List.of("bash", SYSTEMD_DIR.resolve("install.sh").toString(),
                "--jar", JAR.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** A real install into {@code root}, which must succeed. */
    static ProcessResult installInto(Path root, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--root", root.toString()));
        args.addAll(List.of(extraArgs));
        ProcessResult result = run(args.toArray(String[]::new));
        assertThat(result.getExitValue()).as("install.sh --root exit code; output:%n%s", result.outputUTF8()).isZero();
        return result;
    }

    static ProcessResult exec(List<String> command) throws Exception {
        return new ProcessExecutor().command(command).redirectErrorStream(true).readOutput(true)
                .timeout(120, TimeUnit.SECONDS).exitValueAny().execute();
    }

    static void requireRealInstallTools() {
        HostRequirement.require(HostRequirement.isRoot(), "root (install.sh sets root ownership even in --root DIR)");
        HostRequirement.require(HostRequirement.onPath("systemd-sysusers") && HostRequirement.onPath("systemd-tmpfiles"),
                "systemd-sysusers and systemd-tmpfiles (apt-get install systemd)");
        assertThat(Files.isDirectory(SYSTEMD_DIR)).as("%s exists", SYSTEMD_DIR).isTrue();
    }
}
