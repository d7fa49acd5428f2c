package io.dynod.supervisor.cgroup;

import static io.dynod.supervisor.cgroup.Fixtures.read;
import static io.dynod.supervisor.cgroup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hybrid: limits in v1, kill and freeze in the unified tree (fake hierarchies in a temp dir). */
class HybridDriverTest {
    @TempDir
    Path root;

    @Test
    void leafSpansEveryV1HierarchyAndTheUnifiedOne() {
        CgroupDriver driver = CgroupDrivers.detect(Fixtures.mountinfoUnder("hybrid", root), "dynod-test");

        CgroupLeaf leaf = driver.create("dyno-app.web.1-1", new CgroupLimits(64L << 20, 100, 20));

        assertThat(leaf.directories()).containsExactly(
                root.resolve("memory/dynod-test/dyno-app.web.1-1"),
                root.resolve("cpu/dynod-test/dyno-app.web.1-1"),
                root.resolve("cpuacct/dynod-test/dyno-app.web.1-1"),
                root.resolve("pids/dynod-test/dyno-app.web.1-1"),
                root.resolve("unified/dynod-test/dyno-app.web.1-1"));
        assertThat(read(root.resolve("memory/dynod-test/dyno-app.web.1-1/memory.limit_in_bytes")))
                .isEqualTo(Long.toString(64L << 20));
    }

    @Test
    void aRestartedAgentFindsLeavesAgainByName() {
        CgroupDriver driver = CgroupDrivers.detect(Fixtures.mountinfoUnder("hybrid", root), "dynod-test");
        CgroupLeaf created = driver.create("dyno-app.web.1-3", new CgroupLimits(64L << 20, 100, 20));
        Fixtures.write(root.resolve("unified/dynod-test/dyno-app.worker.1-4/cgroup.procs"), ""); // only in one hierarchy
        Fixtures.write(root.resolve("memory/dynod-test/not-a-dyno/cgroup.procs"), "");

        CgroupDriver restarted = CgroupDrivers.detect(Fixtures.mountinfoUnder("hybrid", root), "dynod-test");

        assertThat(restarted.existing("dyno-app.web.1-3")).isEqualTo(created);
        assertThat(restarted.leafNames()).containsExactly("dyno-app.web.1-3", "dyno-app.worker.1-4");
    }

    @Test
    void freezeAndKillUseTheUnifiedCoreFiles() {
        CgroupDriver driver = CgroupDrivers.detect(Fixtures.mountinfoUnder("hybrid", root), "dynod-test");
        CgroupLeaf leaf = driver.create("dyno-app.web.1-2", new CgroupLimits(64L << 20, 100, 20));
        Path unified = root.resolve("unified/dynod-test/dyno-app.web.1-2");
        write(unified.resolve("cgroup.events"), "populated 0\nfrozen 1\n");
        write(unified.resolve("cgroup.procs"), "");

        driver.freeze(leaf);
        driver.killAll(leaf);

        assertThat(read(unified.resolve("cgroup.freeze"))).isEqualTo("1");
        assertThat(read(unified.resolve("cgroup.kill"))).isEqualTo("1");
        assertThat(root.resolve("freezer/dynod-test")).doesNotExist();
    }
}
