package io.dynod.supervisor.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void pureV1HostHasControllersPerHierarchyAndNoCgroup2() {
        MountInfo info = MountInfo.parse(Fixtures.mountinfo("v1"));

        assertThat(info.cgroup2()).isEmpty();
        assertThat(info.cgroupV1Controllers())
                .containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("memory", Path.of("/sys/fs/cgroup/memory"))
                .containsEntry("pids", Path.of("/sys/fs/cgroup/pids"))
                .containsEntry("freezer", Path.of("/sys/fs/cgroup/freezer"))
                .containsEntry("net_prio", Path.of("/sys/fs/cgroup/net_cls,net_prio"))
                .doesNotContainKeys("rw", "xattr", "name=systemd", "systemd");
    }

    @Test
    void pureV2HostHasOnlyTheUnifiedMount() {
        MountInfo info = MountInfo.parse(Fixtures.mountinfo("v2"));

        assertThat(info.cgroup2()).contains(Path.of("/sys/fs/cgroup"));
        assertThat(info.cgroupV1Controllers()).isEmpty();
    }

    @Test
    void hybridHostHasSeparateCpuAndCpuacctPlusUnified() {
        MountInfo info = MountInfo.parse(Fixtures.mountinfo("hybrid"));

        assertThat(info.cgroup2()).contains(Path.of("/sys/fs/cgroup/unified"));
        assertThat(info.cgroupV1Controllers())
                .containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpuacct"))
                .containsKeys("memory", "pids", "freezer", "cpuset", "devices", "blkio")
                .hasSize(8);
    }

    @Test
    void mountPointsAreListedInOrderWithOctalEscapesDecoded() {
        MountInfo info = MountInfo.parse(Fixtures.mountinfo("v1"));

        assertThat(info.mountPoints()).startsWith("/sys", "/proc", "/").contains("/srv/my data");
        assertThat(info.mounts().get(2).fsType()).isEqualTo("ext4");
        assertThat(MountInfo.unescape("a\\011b\\134c\\012")).isEqualTo("a\tb\\c\n");
    }

    @Test
    void optionalFieldsBeforeTheSeparatorAreSkipped() {
        MountInfo info = MountInfo.parse(
                "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:2 propagate_from:3 - ext3 /dev/root rw,errors=continue\n");

        assertThat(info.mounts()).singleElement().satisfies(m -> {
            assertThat(m.mountPoint()).isEqualTo("/mnt2");
            assertThat(m.root()).isEqualTo("/mnt1");
            assertThat(m.fsType()).isEqualTo("ext3");
            assertThat(m.superOptions()).containsExactlyInAnyOrder("rw", "errors=continue");
        });
    }

    @Test
    void malformedLineIsRefusedNamingItsNumber() {
        assertThatThrownBy(() -> MountInfo.parse("22 27 0:21 / /proc rw - proc proc rw\nnonsense line\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void thisHostsMountTableParses() {
        assertThat(MountInfo.ofSelf().mountPoints()).contains("/");
    }
}
