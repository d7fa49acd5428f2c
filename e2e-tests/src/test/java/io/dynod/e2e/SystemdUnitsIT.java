package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroturnaround.exec.ProcessResult;

/**
 * {@code systemd-analyze verify} on both units, as install.sh installs them. verify checks that
 * ExecStart= exists and is executable, and /usr/local/bin/dynod does not exist on a clean CI host:
 * so the units are installed into a temp root (install.sh --root) and verified with
 * {@code --root}, which resolves every path inside it. systemd's own units (sysinit.target...) are
 * copied in from the host, since verify loads the dependencies too.
 */
class SystemdUnitsIT {

    private static final List<String> UNITS = List.of("dynod-agent.service", "dynod-router.service");

    @TempDir
    Path root;

    @BeforeEach
    void installIntoTempRoot() throws Exception {
        HostRequirement.require(HostRequirement.onPath("systemd-analyze"), "systemd-analyze (apt-get install systemd)");
        InstallScript.requireRealInstallTools();
        InstallScript.installInto(root);
        Path hostUnits = Stream.of("/usr/lib/systemd/system", "/lib/systemd/system").map(Path::of)
                .filter(dir -> Files.isRegularFile(dir.resolve("sysinit.target"))).findFirst()
                .orElseThrow(() -> new AssertionError("systemd-analyze is installed but systemd's units are not"));
        Path copy = root.resolve("usr/lib/systemd");
        Files.createDirectories(copy);
        ProcessResult copied = InstallScript.exec(List.of("cp", "-a", hostUnits.toString(), copy.toString()));
        assertThat(copied.getExitValue()).as(copied.outputUTF8()).isZero();
    }

    @Test
    void bothUnitsVerifyCleanly() throws Exception {
        ProcessResult result = verify(UNITS);

        assertThat(result.outputUTF8()).as("systemd-analyze verify output").isBlank();
        assertThat(result.getExitValue()).isZero();
        if (systemdVersion() >= 254) {
            assertThat(root.resolve("etc/systemd/system/dynod-agent.service.d/delegate-subgroup.conf")).isRegularFile();
        }
    }

    @Test
    void theRouterVerifiesWithTheLowPortDropIn() throws Exception {
        Path dropIn = root.resolve("etc/systemd/system/dynod-router.service.d/low-port.conf");
        Files.createDirectories(dropIn.getParent());
        Files.copy(InstallScript.SYSTEMD_DIR.resolve("dynod-router-low-port.conf"), dropIn);

        ProcessResult result = verify(List.of("dynod-router.service"));

        assertThat(result.outputUTF8()).isBlank();
        assertThat(result.getExitValue()).isZero();
    }

    @Test
    void verifyWouldCatchAMistakeInTheseUnits() throws Exception {
        // The control: the same check fails on a misspelled directive and a missing command.
        String agent = Files.readString(root.resolve("etc/systemd/system/dynod-agent.service"))
                .replace("Delegate=yes", "Delegte=yes")
                .replace("ExecStart=/usr/local/bin/dynod", "ExecStart=/usr/local/bin/no-such-dynod");
        Files.writeString(root.resolve("etc/systemd/system/dynod-broken.service"), agent);

        ProcessResult result = verify(List.of("dynod-broken.service"));

        assertThat(result.getExitValue()).isNotZero();
        assertThat(result.outputUTF8()).contains("Unknown key", "Delegte", "/usr/local/bin/no-such-dynod");
    }

    private ProcessResult verify(List<String> units) throws Exception {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + root));
        command.addAll(units);
        return InstallScript.exec(command);
    }

    private static int systemdVersion() throws Exception {
        String first = InstallScript.exec(List.of("systemd-analyze", "--version")).outputUTF8().lines().findFirst().orElse("");
        return Integer.parseInt(first.replaceAll("^systemd (\\d+).*$", "$1"));
    }
}
