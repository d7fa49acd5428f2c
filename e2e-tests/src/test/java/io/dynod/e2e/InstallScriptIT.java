package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroturnaround.exec.ProcessResult;

/** systemd/install.sh: dry run, a real install into a temp root, idempotence, bad arguments. */
class InstallScriptIT {

    @TempDir
    Path root;

    @Test
    void dryRunIntoARootListsEveryActionAndChangesNothing() throws Exception {
        ProcessResult result = InstallScript.run("--dry-run", "--root", root.toString());
        String output = result.outputUTF8();

        assertThat(result.getExitValue()).as(output).isZero();
        assertThat(output).contains(
                "would install /usr/local/lib/dynod/dynod.jar",
                "would install /usr/local/bin/dynod",
                "would install /etc/systemd/system/dynod-agent.service",
                "would install /etc/systemd/system/dynod-router.service",
                "would install /etc/sysusers.d/dynod.conf",
                "would create users dynod-router dynod-dyno",
                "would install /etc/tmpfiles.d/dynod.conf",
                "would create dirs /etc/dynod /var/lib/dynod /run/dynod /var/cache/dynod",
                "would install /etc/dynod/agent.env ",
                "change(s) would be made");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries).as("files written by a dry run").isEmpty();
        }
    }

    @Test
    void dryRunOnThisHostChangesNothing() throws Exception {
        HostRequirement.require(Files.isRegularFile(Path.of("/etc/debian_version")), "Debian or Ubuntu");
        Map<String, String> before = snapshot(Path.of("/etc/systemd/system"), Path.of("/etc/dynod"));

        ProcessResult result = InstallScript.run("--dry-run");

        assertThat(result.getExitValue()).as(result.outputUTF8()).isZero();
        assertThat(result.outputUTF8()).contains("dry run: ").doesNotContain("error");
        assertThat(snapshot(Path.of("/etc/systemd/system"), Path.of("/etc/dynod"))).isEqualTo(before);
    }

    @Test
    void realInstallIntoATempRootThenASecondRunChangesNothing() throws Exception {
        InstallScript.requireRealInstallTools();

        ProcessResult first = InstallScript.installInto(root);

        assertThat(first.outputUTF8()).contains("done: ").doesNotContain("done: 0 change(s)");
        assertFile("usr/local/lib/dynod/dynod.jar", "rw-r--r--");
        assertThat(Files.mismatch(root.resolve("usr/local/lib/dynod/dynod.jar"), InstallScript.JAR)).isEqualTo(-1);
        assertFile("usr/local/bin/dynod", "rwxr-xr-x");
        assertThat(Files.readString(root.resolve("usr/local/bin/dynod")))
                .startsWith("#!/bin/sh")
                .contains("exec \"/", " -jar /usr/local/lib/dynod/dynod.jar \"$@\"");
        for (String unit : List.of("dynod-agent.service", "dynod-router.service")) {
            assertFile("etc/systemd/system/" + unit, "rw-r--r--");
            assertThat(Files.mismatch(root.resolve("etc/systemd/system/" + unit), InstallScript.SYSTEMD_DIR.resolve(unit)))
                    .as("%s installed unchanged with the default prefix", unit).isEqualTo(-1);
        }
        assertFile("etc/sysusers.d/dynod.conf", "rw-r--r--");
        assertFile("etc/tmpfiles.d/dynod.conf", "rw-r--r--");
        assertThat(Files.readAllLines(root.resolve("etc/passwd")))
                .anyMatch(line -> line.startsWith("dynod-router:"))
                .anyMatch(line -> line.startsWith("dynod-dyno:"));
        for (String dir : List.of("var/lib/dynod", "run/dynod", "var/cache/dynod")) {
            assertFile(dir, "rwx------");
        }
        assertFile("etc/dynod", "rwxr-xr-x");
        assertFile("etc/dynod/agent.env", "rw-------");
        assertFile("etc/dynod/agent.env.example", "rw-r--r--");
        assertFile("etc/dynod/router.env", "rw-------");

        Map<String, String> afterFirst = snapshot(root);
        ProcessResult second = InstallScript.installInto(root);

        assertThat(second.outputUTF8()).contains("done: 0 change(s)").doesNotContain("install /");
        assertThat(snapshot(root)).as("the tree after a second run").isEqualTo(afterFirst);
    }

    @Test
    void theInstalledCommandRunsTheInstalledJar() throws Exception {
        InstallScript.requireRealInstallTools();
        HostRequirement.require(HostRequirement.onPath("unshare"), "unshare (util-linux)");
        InstallScript.installInto(root);

        // The command holds absolute target paths; a private mount namespace shows it the staged
        // /usr/local in place of the host's, which stays untouched.
        ProcessResult result = InstallScript.exec(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0\" /usr/local && exec /usr/local/bin/dynod --version", root.resolve("usr/local").toString()));

        assertThat(result.outputUTF8()).as("exit %d", result.getExitValue()).startsWith("dynod ");
        assertThat(result.getExitValue()).isZero();
    }

    @Test
    void theOperatorsSettingsAreKept() throws Exception {
        InstallScript.requireRealInstallTools();
        InstallScript.installInto(root);
        Path settings = root.resolve("etc/dynod/agent.env");
        Files.writeString(settings, "DYNOD_API_LISTEN=127.0.0.1:6006\n");

        ProcessResult again = InstallScript.installInto(root);

        assertThat(again.outputUTF8()).contains("kept: /etc/dynod/agent.env (yours)");
        assertThat(Files.readString(settings)).isEqualTo("DYNOD_API_LISTEN=127.0.0.1:6006\n");
    }

    @Test
    void prefixMovesTheJarAndCommandAndTheUnitsFollow() throws Exception {
        InstallScript.requireRealInstallTools();

        InstallScript.installInto(root, "--prefix", "/opt/dynod");

        assertThat(root.resolve("opt/dynod/lib/dynod/dynod.jar")).isRegularFile();
        assertThat(Files.readString(root.resolve("opt/dynod/bin/dynod"))).contains("-jar /opt/dynod/lib/dynod/dynod.jar");
        assertThat(Files.readString(root.resolve("etc/systemd/system/dynod-agent.service")))
                .contains("ExecStart=/opt/dynod/bin/dynod agent").doesNotContain("/usr/local");
        assertThat(Files.readString(root.resolve("etc/systemd/system/dynod-router.service")))
                .contains("ExecStart=/opt/dynod/bin/dynod router");
        assertThat(root.resolve("usr")).doesNotExist();
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheProblem() throws Exception {
        ProcessResult unknown = InstallScript.run("--frobnicate");
        assertThat(unknown.getExitValue()).isEqualTo(2);
        assertThat(unknown.outputUTF8()).contains("unknown argument: --frobnicate");

        ProcessResult missingValue = InstallScript.run("--root");
        assertThat(missingValue.getExitValue()).isEqualTo(2);
        assertThat(missingValue.outputUTF8()).contains("--root needs a value");

        ProcessResult noSuchRoot = InstallScript.run("--dry-run", "--root", root.resolve("absent").toString());
        assertThat(noSuchRoot.getExitValue()).isEqualTo(1);
        assertThat(noSuchRoot.outputUTF8()).contains("error: --root " + root.resolve("absent") + ": not a directory");

        ProcessResult relativePrefix = InstallScript.run("--dry-run", "--root", root.toString(), "--prefix", "opt");
        assertThat(relativePrefix.getExitValue()).isEqualTo(2);
        assertThat(relativePrefix.outputUTF8()).contains("--prefix opt: must be an absolute path");

        ProcessResult oddPrefix = InstallScript.run("--dry-run", "--root", root.toString(), "--prefix", "/opt/a|b");
        assertThat(oddPrefix.getExitValue()).isEqualTo(2);
        assertThat(oddPrefix.outputUTF8()).contains("--prefix /opt/a|b: only letters, digits and / . _ - are allowed");
    }

    private void assertFile(String relative, String permissions) throws IOException {
        Path path = root.resolve(relative);
        assertThat(path).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(relative).isEqualTo(permissions);
        assertThat(Files.getOwner(path).getName()).as("owner of %s", relative).isEqualTo("root");
    }

    /** Path → permissions, size, mtime and content hash, for every file and dir under the given roots. */
    private static Map<String, String> snapshot(Path... trees) throws Exception {
        Map<String, String> state = new TreeMap<>();
        for (Path tree : trees) {
            if (!Files.exists(tree)) {
                state.put(tree.toString(), "absent");
                continue;
            }
            try (Stream<Path> paths = Files.walk(tree)) {
                for (Path path : paths.toList()) {
                    String attributes = PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
                            + " " + Files.getLastModifiedTime(path);
                    if (Files.isRegularFile(path)) {
                        attributes += " " + HexFormat.of().formatHex(
                                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
                    }
                    state.put(path.toString(), attributes);
                }
            }
        }
        return state;
    }
}
