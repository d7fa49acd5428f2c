package io.dynod.supervisor.launch;

import io.dynod.supervisor.cgroup.MountInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mount plan of an isolated dyno, worked out in Java so the shim runs as few programs as
 * possible: the fstab it mounts in one {@code mount -a} (the per-dyno overlay on {@code /app}, empty
 * tmpfs over every hidden dir, a private {@code /tmp} and {@code /dev/shm}), and which host mounts
 * it then remounts read-only.
 */
final class DynoMounts {
    /**
     * Kernel interfaces whose files only root can write, and mounts the dyno replaces: remounting
     * them read-only costs a program run each and protects nothing from an unprivileged uid.
     */
    private static final Set<String> ROOT_ONLY_TYPES = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts",
            "devtmpfs", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl",
            "binfmt_misc", "autofs", "efivarfs", "nsfs", "hugetlbfs", "rpc_pipefs");

    private DynoMounts() {}

    /**
     * Writable host mounts that must become read-only in the dyno (at least {@code /} when
     * writable); left out: mounts the dyno covers anyway (its own /proc, /tmp, /dev/shm, hidden
     * dirs) and the kernel's /sys tree (any tmpfs there, like /sys/fs/cgroup, is root's).
     */
    static List<String> readOnly(MountInfo host, List<Path> hiddenDirs) {
        List<String> covered = new ArrayList<>(List.of("/proc", "/sys", "/tmp", "/dev/shm"));
        hiddenDirs.forEach(d -> covered.add(d.toString()));
        return host.mounts().stream()
                .filter(m -> !m.readOnly() && !ROOT_ONLY_TYPES.contains(m.fsType()))
                .map(MountInfo.Mount::mountPoint)
                .filter(p -> covered.stream().noneMatch(c -> under(p, c)))
                .distinct().toList();
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    /**
     * fstab lines in mount order: the overlay first (its upper dir lies in a dir hidden next),
     * hidden dirs before /tmp (they may lie under it). The upper dir is thrown away with the dyno,
     * so the overlay is {@code volatile} (Linux 5.10+): no syncfs of the host filesystem at unmount.
     * Overlay paths are checked by {@link ShimCommand}.
     */
    static String fstab(Path slugDir, Path dynoDir, List<Path> hiddenDirs, String tmpSize) {
        List<String> lines = new ArrayList<>();
        lines.add("dynod-app /app overlay lowerdir=" + slugDir + ",upperdir=" + dynoDir.resolve("upper")
                + ",workdir=" + dynoDir.resolve("work") + ",volatile,nosuid,nodev 0 0");
        for (Path dir : hiddenDirs) {
            lines.add("dynod-hidden " + escape(dir.toString()) + " tmpfs ro,nosuid,nodev,noexec,mode=0755,size=4k 0 0");
        }
        lines.add("dynod-tmp /tmp tmpfs nosuid,nodev,mode=1777,size=" + tmpSize + " 0 0");
        lines.add("dynod-shm /dev/shm tmpfs nosuid,nodev,mode=1777,size=" + tmpSize + " 0 0");
        return String.join("\n", lines) + "\n";
    }

    /** fstab(5) writes space, tab, newline and backslash as octal escapes, like mountinfo. */
    static String escape(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                out.append(String.format("\\%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
