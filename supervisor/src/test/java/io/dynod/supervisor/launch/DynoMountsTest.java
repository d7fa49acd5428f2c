package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.cgroup.MountInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynoMountsTest {
    private static final MountInfo HOST = MountInfo.parse(String.join("\n",
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
            "22 27 0:21 / /proc rw,relatime - proc proc rw",
            "23 27 0:22 / /sys rw,relatime - sysfs sysfs rw",
            "40 23 0:37 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "41 40 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
            "24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw",
            "25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw",
            "28 27 0:25 / /mnt/tools ro,nosuid,nodev,relatime - tmpfs tools ro",
            "29 27 8:2 / /home rw,relatime - ext4 /dev/vdb rw",
            "30 27 0:40 / /run rw,nosuid,nodev - tmpfs tmpfs rw",
            "31 27 0:41 / /tmp rw - tmpfs tmpfs rw",
            "32 27 254:0 /slugs/a /var/lib/dynod/run/views/61000-ab rw,relatime,idmapped - ext4 /dev/vda rw",
            "33 27 8:3 / /home rw,relatime - ext4 /dev/vdc rw"));

    @Test
    void onlyWritableRealFilesystemsTheDynoDoesNotCoverBecomeReadOnly() {
        assertThat(DynoMounts.readOnly(HOST, List.of(Path.of("/var/lib/dynod"))))
                .containsExactly("/", "/home", "/run");
    }

    @Test
    void fstabMountsTheOverlayFirstThenHiddenDirsThenTmp() {
        String fstab = DynoMounts.fstab(Path.of("/views/61000-ab"), Path.of("/run/d/x"),
                List.of(Path.of("/var/lib/dyn od")), "16m");

        assertThat(fstab.lines()).containsExactly(
                "dynod-app /app overlay lowerdir=/views/61000-ab,upperdir=/run/d/x/upper,workdir=/run/d/x/work,volatile,nosuid,nodev 0 0",
                "dynod-hidden /var/lib/dyn\\040od tmpfs ro,nosuid,nodev,noexec,mode=0755,size=4k 0 0",
                "dynod-tmp /tmp tmpfs nosuid,nodev,mode=1777,size=16m 0 0",
                "dynod-shm /dev/shm tmpfs nosuid,nodev,mode=1777,size=16m 0 0");
    }

    @Test
    void fstabEscapesLikeTheKernel() {
        assertThat(DynoMounts.escape("a b\tc\\d\ne")).isEqualTo("a\\040b\\011c\\134d\\012e");
    }
}
