package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.cgroup.MountInfo;
import io.dynod.supervisor.linux.IdmappedMount;
import io.dynod.supervisor.state.DynoRecord;
import io.dynod.supervisor.testsupport.TestCgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link AgentKillScenario} with isolated dynos ({@link IsolatedDynoRuntime}) under a
 * {@code dynod-test-<random>} cgroup prefix: the restarted agent is not the shims' parent, and
 * the drain at the end must leave no cgroup leaf and no dyno dir. Root, cgroups and the launch
 * chain's tools needed: skips elsewhere, fails when {@code CI=true}.
 */
class IsolatedAgentKillIT extends AgentKillScenario {
    private final String prefix = TestCgroups.prefix();
    private CgroupDriver cgroups;
    /** Outside /tmp, which is private in a dyno, and outside the hidden agent dirs: dynos see it read-only. */
    private Path stopDir;

    @BeforeEach
    void requireIsolation() throws IOException {
        CgroupDriver detected = TestCgroups.requireIsolation(prefix);
        cgroups = detected;
        stopDir = Files.createTempDirectory(Path.of("/var/tmp"), "dynod-test-stop-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @AfterEach
    void removeStopDir() throws IOException {
        if (stopDir != null) {
            try (Stream<Path> files = Files.list(stopDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(stopDir);
        }
    }

    @Override
    List<String> agentArgs(Path appDir) {
        return List.of(stopDir.toString(), prefix);
    }

    /** Populated leaves under the test's prefix, per dyno name ({@code dyno-<app>.<dyno>-<hex>}). */
    @Override
    Map<String, Integer> runningPerDyno(Path appDir) {
        Map<String, Integer> counts = new HashMap<>();
        for (String leaf : cgroups.leafNames()) {
            if (!cgroups.pids(cgroups.existing(leaf)).isEmpty()) {
                counts.merge(leaf.substring(leaf.indexOf('.') + 1, leaf.lastIndexOf('-')), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    void assertNothingLeft(Path home) {
        assertThat(cgroups.leafNames()).as("dyno cgroups left under " + prefix).isEmpty();
        assertThat(home.resolve("launch").resolve("dynos")).as("dyno dirs left").isEmptyDirectory();
    }

    @Override
    void killLeftovers(Path home, List<DynoRecord> records) throws IOException {
        if (cgroups == null) {
            return;
        }
        for (String leaf : cgroups.leafNames()) {
            cgroups.killAll(cgroups.existing(leaf));
            cgroups.destroy(cgroups.existing(leaf));
        }
        cgroups.removePrefixIfEmpty();
        for (String mountPoint : MountInfo.ofSelf().mountPoints()) {
            if (mountPoint.startsWith(home.toString() + "/")) {
                IdmappedMount.unmount(Path.of(mountPoint)); // slug views a killed agent left mounted
            }
        }
    }
}
