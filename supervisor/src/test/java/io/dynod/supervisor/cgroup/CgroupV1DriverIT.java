package io.dynod.supervisor.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.testsupport.Eventually;
import io.dynod.supervisor.testsupport.HostRequirement;
import io.dynod.supervisor.testsupport.TestCgroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v1 driver against this host's real v1 hierarchies, freezer included (freeze-kill-thaw). */
class CgroupV1DriverIT {
    private CgroupV1Driver driver;
    private Process member;
    private CgroupLeaf leaf;

    @BeforeEach
    void setUp() {
        TestCgroups.requireRootWithCgroups();
        Map<String, Path> controllers = MountInfo.ofSelf().cgroupV1Controllers();
        HostRequirement.require(controllers.keySet().containsAll(CgroupV1Driver.REQUIRED)
                && controllers.containsKey("freezer"), "cgroup v1 memory, cpu, cpuacct, pids and freezer");
        driver = new CgroupV1Driver(controllers, TestCgroups.prefix(), true);
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

    @Test
    void limitsApplyAndFreezeKillThawEmptiesTheLeaf() throws Exception {
        leaf = driver.create("dyno-it.web.1-1", new CgroupLimits(64L << 20, 200, 20));
        assertThat(CgroupFiles.readLong(leaf.directories().get(0).resolve("memory.limit_in_bytes"))).isEqualTo(64L << 20);

        StringBuilder joins = new StringBuilder();
        for (Path procs : leaf.procsFiles()) {
            joins.append("echo $$ > ").append(procs).append(" && ");
        }
        member = new ProcessBuilder("/bin/sh", "-c", joins + "exec sleep 60").start();
        long pid = member.pid();
        Eventually.await("process joined the leaf", Duration.ofSeconds(5), () -> driver.pids(leaf).contains(pid));
        assertThat(driver.stats(leaf).pids()).isEqualTo(1);
        assertThat(driver.oomKills(leaf)).isZero();

        driver.freeze(leaf);
        driver.thaw(leaf);
        driver.killAll(leaf);

        assertThat(member.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(member.exitValue()).isEqualTo(137);
        assertThat(driver.pids(leaf)).isEmpty();
        driver.destroy(leaf);
        assertThat(leaf.directories()).allSatisfy(d -> assertThat(d).doesNotExist());
    }
}
