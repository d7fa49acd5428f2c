package io.dynod.supervisor.cgroup;

import static io.dynod.supervisor.cgroup.Fixtures.read;
import static io.dynod.supervisor.cgroup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 driver's file logic against a fake cgroupfs in a temp dir. */
class CgroupV2DriverTest {
    static final CgroupLimits LIMITS = new CgroupLimits(64L << 20, 200, 23);

    @TempDir
    Path root;

    private CgroupV2Driver limiting() {
        return CgroupV2Driver.limiting(Fixtures.fakeCgroup2(root, "cpu io memory pids"), "dynod-test");
    }

    @Test
    void createWritesEveryLimitIntoAFreshLeaf() {
        CgroupLeaf leaf = limiting().create("dyno-app.web.1-1", LIMITS);

        Path dir = root.resolve("dynod-test/dyno-app.web.1-1");
        assertThat(leaf.directories()).containsExactly(dir);
        assertThat(leaf.procsFiles()).containsExactly(dir.resolve("cgroup.procs"));
        assertThat(read(dir.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(read(dir.resolve("cpu.weight"))).isEqualTo("200");
        assertThat(read(dir.resolve("pids.max"))).isEqualTo("23");
    }

    @Test
    void optionalFilesTheKernelDoesNotOfferAreNotInvented() {
        CgroupLeaf leaf = limiting().create("dyno-app.web.1-2", LIMITS);

        assertThat(leaf.directories().get(0).resolve("memory.swap.max")).doesNotExist();
        assertThat(leaf.directories().get(0).resolve("memory.oom.group")).doesNotExist();
    }

    @Test
    void existingLeavesAreFoundByNameAndListed() {
        CgroupV2Driver driver = limiting();
        CgroupLeaf created = driver.create("dyno-app.web.1-4", LIMITS);

        assertThat(driver.existing("dyno-app.web.1-4")).isEqualTo(created);
        assertThat(driver.leafNames()).containsExactly("dyno-app.web.1-4");
        assertThatThrownBy(() -> driver.existing("../escape")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noPrefixDirMeansNoLeaves() {
        assertThat(CgroupV2Driver.coreOnly(root, "dynod-none").leafNames()).isEmpty();
    }

    @Test
    void aLeafIsNeverReused() {
        CgroupV2Driver driver = limiting();
        driver.create("dyno-app.web.1-3", LIMITS);

        assertThatThrownBy(() -> driver.create("dyno-app.web.1-3", LIMITS))
                .isInstanceOf(CgroupException.class).hasMessageContaining("never reused");
    }

    @Test
    void namesThatCouldCollideWithKernelFilesAreRefused() {
        CgroupV2Driver driver = limiting();

        assertThatThrownBy(() -> driver.create("memory.max", LIMITS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.create("dyno-../../etc", LIMITS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CgroupV2Driver.coreOnly(root, "Bad Prefix")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsOomKillsAndPidsAreReadFromTheLeaf() {
        CgroupV2Driver driver = limiting();
        CgroupLeaf leaf = driver.create("dyno-app.web.1-4", LIMITS);
        Path dir = leaf.directories().get(0);
        write(dir.resolve("memory.current"), "1048576\n");
        write(dir.resolve("memory.stat"), "anon 524288\nfile 4096\n");
        write(dir.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        write(dir.resolve("pids.current"), "7\n");
        write(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n");
        write(dir.resolve("cgroup.procs"), "101\n102\n");

        assertThat(driver.stats(leaf)).isEqualTo(new CgroupStats(1048576, 524288, 1_500_000, 7));
        assertThat(driver.oomKills(leaf)).isEqualTo(1);
        assertThat(driver.pids(leaf)).containsExactly(101L, 102L);
    }

    @Test
    void freezeThawAndKillWriteTheCoreFilesAndWaitForTheEvent() {
        CgroupV2Driver driver = limiting();
        CgroupLeaf leaf = driver.create("dyno-app.web.1-5", LIMITS);
        Path dir = leaf.directories().get(0);

        write(dir.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        driver.freeze(leaf);
        assertThat(read(dir.resolve("cgroup.freeze"))).isEqualTo("1");
        assertThat(driver.populated(leaf)).isTrue();

        write(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        driver.thaw(leaf);
        assertThat(read(dir.resolve("cgroup.freeze"))).isEqualTo("0");

        driver.killAll(leaf);
        assertThat(read(dir.resolve("cgroup.kill"))).isEqualTo("1");
    }

    @Test
    void destroyRemovesTheLeafAndThenThePrefix() throws IOException {
        CgroupV2Driver driver = limiting();
        CgroupLeaf leaf = driver.create("dyno-app.web.1-6", LIMITS);
        Path dir = leaf.directories().get(0);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f); // kernel interface files vanish with the cgroup; a fake tree must drop them
            }
        }

        driver.destroy(leaf);
        driver.destroy(leaf);

        assertThat(dir).doesNotExist();
        driver.removePrefixIfEmpty();
        assertThat(root.resolve("dynod-test")).exists(); // still holds the fake subtree_control file
    }

    @Test
    void coreOnlyModeWritesNoLimitsAndReadsCpuFromTheLeaf() {
        CgroupV2Driver driver = CgroupV2Driver.coreOnly(root, "dynod-test");
        CgroupLeaf leaf = driver.create("dyno-app.web.1-7", LIMITS);
        Path dir = leaf.directories().get(0);
        write(dir.resolve("cpu.stat"), "usage_usec 42\n");
        write(dir.resolve("cgroup.procs"), "7\n");

        assertThat(dir.resolve("memory.max")).doesNotExist();
        assertThat(driver.stats(leaf)).isEqualTo(new CgroupStats(0, 0, 42_000, 1));
        assertThat(driver.oomKills(leaf)).isZero();
    }
}
