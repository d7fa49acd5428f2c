package io.dynod.supervisor.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.testsupport.Eventually;
import io.dynod.supervisor.testsupport.HostRequirement;
import io.dynod.supervisor.testsupport.TestCgroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drivers against this host's real hierarchies, under a {@code dynod-test-<random>} prefix:
 * v2 on the cgroup2 mount (the empty unified tree on a hybrid host), v1 with its freezer.
 */
class RealCgroupDriversIT {
    private final MountInfo mounts = MountInfo.ofSelf();
    private CgroupDriver driver;
    private CgroupLeaf leaf;
    private Process member;

    @BeforeEach
    void requireRoot() {
        TestCgroups.requireRootWithCgroups();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (member != null) {
            member.destroyForcibly().waitFor();
        }
        if (leaf != null) {
            driver.killAll(leaf);
            driver.destroy(leaf);
        }
        if (driver != null) {
            driver.removePrefixIfEmpty();
        }
    }

    /** A process that joins every directory of the leaf, then sleeps. */
    private long startMember() throws Exception {
        String joins = leaf.procsFiles().stream().map(p -> "echo $$ > " + p + " && ").collect(Collectors.joining());
        member = new ProcessBuilder("/bin/sh", "-c", joins + "exec sleep 60").start();
        long pid = member.pid();
        Eventually.await("process joined the leaf", Duration.ofSeconds(5), () -> driver.pids(leaf).contains(pid));
        return pid;
    }

    private void assertKilledAndRemoved() throws Exception {
        driver.killAll(leaf);
        assertThat(member.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(member.exitValue()).isEqualTo(137);
        assertThat(driver.pids(leaf)).isEmpty();
        driver.destroy(leaf);
        assertThat(leaf.directories()).allSatisfy(d -> assertThat(d).doesNotExist());
        driver.removePrefixIfEmpty();
        assertThat(leaf.directories()).allSatisfy(d -> assertThat(d.getParent()).doesNotExist());
        leaf = null;
    }

    @Test
    void v2LeafHoldsFreezesKillsAndIsRemoved() throws Exception {
        HostRequirement.require(mounts.cgroup2().isPresent(), "a cgroup2 mount");
        Path mount = mounts.cgroup2().orElseThrow();
        CgroupV2Driver v2 = mounts.cgroupV1Controllers().isEmpty()
                ? CgroupV2Driver.limiting(mount, TestCgroups.prefix())
                : CgroupV2Driver.coreOnly(mount, TestCgroups.prefix());
        driver = v2;
        leaf = driver.create("dyno-it.web.1-1", new CgroupLimits(64L << 20, 100, 20));
        startMember();
        assertThat(v2.populated(leaf)).isTrue();

        driver.freeze(leaf);
        assertThat(CgroupFiles.keyed(leaf.directories().get(0).resolve("cgroup.events"), "frozen")).isEqualTo(1);
        driver.thaw(leaf);
        assertThat(driver.stats(leaf).pids()).isEqualTo(1);

        assertKilledAndRemoved();
    }

    @Test
    void v1LimitsApplyAndFreezeKillThawEmptiesTheLeaf() throws Exception {
        Map<String, Path> controllers = mounts.cgroupV1Controllers();
        HostRequirement.require(controllers.keySet().containsAll(CgroupV1Driver.REQUIRED)
                && controllers.containsKey("freezer"), "cgroup v1 memory, cpu, cpuacct, pids and freezer");
        driver = new CgroupV1Driver(controllers, TestCgroups.prefix(), true);
        leaf = driver.create("dyno-it.web.1-1", new CgroupLimits(64L << 20, 200, 20));
        assertThat(CgroupFiles.readLong(leaf.directories().get(0).resolve("memory.limit_in_bytes"))).isEqualTo(64L << 20);
        startMember();
        assertThat(driver.stats(leaf).pids()).isEqualTo(1);
        assertThat(driver.oomKills(leaf)).isZero();

        driver.freeze(leaf);
        driver.thaw(leaf);

        assertKilledAndRemoved();
    }
}
