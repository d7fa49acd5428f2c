package io.dynod.supervisor.cgroup;

import static io.dynod.supervisor.cgroup.Fixtures.read;
import static io.dynod.supervisor.cgroup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 driver's file logic against fake hierarchies in a temp dir (cpu and cpuacct co-mounted). */
class CgroupV1DriverTest {
    @TempDir
    Path root;

    private CgroupV1Driver driver(boolean freezer) {
        return new CgroupV1Driver(MountInfo.parse(Fixtures.mountinfo("v1").replace("/sys/fs/cgroup", root.toString()))
                .cgroupV1Controllers(), "dynod-test", freezer);
    }

    @Test
    void createMakesOneLeafPerHierarchyAndWritesLimits() {
        CgroupLeaf leaf = driver(true).create("dyno-app.web.1-1", new CgroupLimits(64L << 20, 200, 23));

        assertThat(leaf.directories()).containsExactly(
                root.resolve("memory/dynod-test/dyno-app.web.1-1"),
                root.resolve("cpu,cpuacct/dynod-test/dyno-app.web.1-1"),
                root.resolve("pids/dynod-test/dyno-app.web.1-1"),
                root.resolve("freezer/dynod-test/dyno-app.web.1-1"));
        assertThat(read(leaf.directories().get(0).resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(64L << 20));
        assertThat(read(leaf.directories().get(1).resolve("cpu.shares"))).isEqualTo("2048");
        assertThat(read(leaf.directories().get(2).resolve("pids.max"))).isEqualTo("23");
    }

    @Test
    void withoutFreezerTheLeafSkipsThatHierarchyAndFreezeIsRefused() {
        CgroupV1Driver driver = driver(false);
        CgroupLeaf leaf = driver.create("dyno-app.web.1-2", new CgroupLimits(1 << 20, 100, 10));

        assertThat(leaf.directories()).hasSize(3).noneMatch(d -> d.startsWith(root.resolve("freezer")));
        assertThatThrownBy(() -> driver.freeze(leaf)).isInstanceOf(CgroupException.class)
                .hasMessageContaining("freezer");
    }

    @Test
    void statsAndOomKillsComeFromTheV1Files() {
        CgroupV1Driver driver = driver(true);
        CgroupLeaf leaf = driver.create("dyno-app.web.1-3", new CgroupLimits(1 << 20, 100, 10));
        write(root.resolve("memory/dynod-test/dyno-app.web.1-3/memory.usage_in_bytes"), "2097152\n");
        write(root.resolve("memory/dynod-test/dyno-app.web.1-3/memory.stat"), "cache 4096\nrss 8192\ntotal_cache 4096\ntotal_rss 1048576\n");
        write(root.resolve("memory/dynod-test/dyno-app.web.1-3/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        write(root.resolve("cpu,cpuacct/dynod-test/dyno-app.web.1-3/cpuacct.usage"), "1012284574\n");
        write(root.resolve("pids/dynod-test/dyno-app.web.1-3/pids.current"), "5\n");

        assertThat(driver.stats(leaf)).isEqualTo(new CgroupStats(2097152, 1048576, 1012284574, 5));
        assertThat(driver.oomKills(leaf)).isEqualTo(2);
    }

    @Test
    void freezeAndThawGoThroughFreezerState() {
        CgroupV1Driver driver = driver(true);
        CgroupLeaf leaf = driver.create("dyno-app.web.1-4", new CgroupLimits(1 << 20, 100, 10));
        Path state = root.resolve("freezer/dynod-test/dyno-app.web.1-4/freezer.state");

        driver.freeze(leaf);
        assertThat(read(state)).isEqualTo("FROZEN");
        driver.thaw(leaf);
        assertThat(read(state)).isEqualTo("THAWED");
    }

    @Test
    void killAllOfAnEmptyLeafReturnsAtOnce() {
        CgroupV1Driver driver = driver(true);
        CgroupLeaf leaf = driver.create("dyno-app.web.1-5", new CgroupLimits(1 << 20, 100, 10));
        write(root.resolve("pids/dynod-test/dyno-app.web.1-5/cgroup.procs"), "");

        driver.killAll(leaf);

        assertThat(driver.pids(leaf)).isEmpty();
    }

    @Test
    void aMissingControllerIsNamed() {
        assertThatThrownBy(() -> new CgroupV1Driver(Map.of("memory", root, "cpu", root, "cpuacct", root), "dynod", true))
                .isInstanceOf(CgroupException.class).hasMessageContaining("'pids'");
    }
}
