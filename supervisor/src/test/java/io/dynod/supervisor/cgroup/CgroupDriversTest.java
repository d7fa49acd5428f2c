package io.dynod.supervisor.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupDriversTest {
    @TempDir
    Path root;

    @Test
    void hybridHostGetsTheHybridDriver() {
        assertThat(CgroupDrivers.detect(Fixtures.mountinfoUnder("hybrid", root), "dynod").kind()).isEqualTo("hybrid");
    }

    @Test
    void v1HostGetsTheV1Driver() {
        assertThat(CgroupDrivers.detect(Fixtures.mountinfoUnder("v1", root), "dynod").kind()).isEqualTo("v1");
    }

    @Test
    void v2HostGetsTheV2DriverWithControllersEnabledForThePrefix() {
        Fixtures.fakeCgroup2(root, "cpuset cpu io memory hugetlb pids rdma misc");

        CgroupDriver driver = CgroupDrivers.detect(Fixtures.mountinfoUnder("v2", root), "dynod");

        assertThat(driver.kind()).isEqualTo("v2");
        assertThat(driver.isolates()).isTrue();
        assertThat(Fixtures.read(root.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        assertThat(Fixtures.read(root.resolve("dynod/cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
    }

    @Test
    void v2HostWithoutTheMemoryControllerIsRefused() {
        Fixtures.fakeCgroup2(root, "cpu io pids");

        assertThatThrownBy(() -> CgroupDrivers.detect(Fixtures.mountinfoUnder("v2", root), "dynod"))
                .isInstanceOf(CgroupException.class).hasMessageContaining("lacks controllers");
    }

    @Test
    void hostWithoutCgroupsGetsTheNoopDriver() {
        MountInfo none = MountInfo.parse("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");

        CgroupDriver driver = CgroupDrivers.detect(none, "dynod");

        assertThat(driver.kind()).isEqualTo("none");
        assertThat(driver.isolates()).isFalse();
        assertThat(driver.create("dyno-a.web.1-1", new CgroupLimits(1, 1, 1)).procsFiles()).isEmpty();
    }
}
