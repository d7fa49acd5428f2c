package io.dynod.supervisor.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.testsupport.HostRequirement;
import io.dynod.supervisor.testsupport.TestCgroups;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v2 driver against this host's real cgroup2 (the empty unified tree on a hybrid host). */
class CgroupV2DriverIT {
    private CgroupV2Driver driver;
    private Process member;
    private CgroupLeaf leaf;

    @BeforeEach
    void setUp() {
        TestCgroups.requireRootWithCgroups();
        MountInfo mounts = MountInfo.ofSelf();
        HostRequirement.require(mounts.cgroup2().isPresent(), "a cgroup2 mount");
        Path mount = mounts.cgroup2().orElseThrow();
        driver = mounts.cgroupV1Controllers().isEmpty()
                ? CgroupV2Driver.limiting(mount, TestCgroups.prefix())
                : CgroupV2Driver.coreOnly(mount, TestCgroups.prefix());
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

    private Process startIn(CgroupLeaf leaf) throws Exception {
        return new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$0\" && exec sleep 60", leaf.procsFiles().get(0).toString())
                .start();
    }

    @Test
    void aRealLeafHoldsFreezesKillsAndIsRemoved() throws Exception {
        leaf = driver.create("dyno-it.web.1-1", new CgroupLimits(64L << 20, 100, 20));
        member = startIn(leaf);
        long pid = member.pid();
        io.dynod.supervisor.testsupport.Eventually.await("process joined the leaf", java.time.Duration.ofSeconds(5),
                () -> driver.pids(leaf).contains(pid));
        assertThat(driver.populated(leaf)).isTrue();

        driver.freeze(leaf);
        assertThat(CgroupFiles.keyed(leaf.directories().get(0).resolve("cgroup.events"), "frozen")).isEqualTo(1);
        driver.thaw(leaf);
        assertThat(driver.stats(leaf).pids()).isEqualTo(1);

        driver.killAll(leaf);
        assertThat(member.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(member.exitValue()).isEqualTo(137);
        assertThat(driver.populated(leaf)).isFalse();

        driver.destroy(leaf);
        assertThat(leaf.directories().get(0)).doesNotExist();
        driver.removePrefixIfEmpty();
        assertThat(leaf.directories().get(0).getParent()).doesNotExist();
    }
}
