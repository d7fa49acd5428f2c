package io.dynod.supervisor.linux;

import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An idmapped bind mount (Linux 5.12+, new mount API): {@code target} shows the tree at
 * {@code source} with files owned by root appearing owned by {@code uid}/{@code gid}. The mapping
 * comes from a throwaway user namespace whose uid 0 is {@code uid} outside.
 */
public final class IdmappedMount {
    // Same numbers on every architecture (the unified syscall table).
    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    private static final long SYS_MOUNT_SETATTR = 442;
    private static final long AT_FDCWD = -100;
    private static final long OPEN_TREE_CLONE = 1;
    private static final long OPEN_TREE_CLOEXEC = 0x80000;
    private static final long AT_EMPTY_PATH = 0x1000;
    private static final long MOUNT_ATTR_IDMAP = 0x100000;
    private static final long MOVE_MOUNT_F_EMPTY_PATH = 4;

    private IdmappedMount() {}

    /** Mounts the idmapped view; {@code target} must be an existing empty directory. */
    public static void mount(Path source, Path target, int uid) throws IOException {
        int userns = userNamespaceMapping(uid);
        try {
            long tree = check(LibC.INSTANCE.syscall(SYS_OPEN_TREE, AT_FDCWD, source.toString(),
                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC), "open_tree " + source);
            try {
                long[] mountAttr = {MOUNT_ATTR_IDMAP, 0, 0, userns};
                check(LibC.INSTANCE.syscall(SYS_MOUNT_SETATTR, tree, "", AT_EMPTY_PATH, mountAttr, 32L),
                        "mount_setattr(MOUNT_ATTR_IDMAP) on " + source);
                check(LibC.INSTANCE.syscall(SYS_MOVE_MOUNT, tree, "", AT_FDCWD, target.toString(),
                        MOVE_MOUNT_F_EMPTY_PATH), "move_mount to " + target);
            } finally {
                LibC.INSTANCE.close((int) tree);
            }
        } finally {
            LibC.INSTANCE.close(userns);
        }
    }

    public static void unmount(Path target) throws IOException {
        check(LibC.INSTANCE.umount2(target.toString(), LibC.MNT_DETACH), "umount " + target);
    }

    /**
     * A JVM cannot unshare a user namespace (it is multi-threaded), so a helper process does;
     * root writes its maps, keeps a handle on the namespace and lets the helper go.
     */
    private static int userNamespaceMapping(int uid) throws IOException {
        // The helper says "ready" once it is inside its new user namespace, then waits on stdin.
        Process holder = new ProcessBuilder("unshare", "--user", "--", "/bin/sh", "-c", "echo ready; exec cat").start();
        try {
            Path proc = Path.of("/proc", Long.toString(holder.pid()));
            String ready = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (!"ready".equals(ready)) {
                throw new IOException("unshare --user did not start a user namespace");
            }
            Files.writeString(proc.resolve("uid_map"), "0 " + uid + " 1\n");
            Files.writeString(proc.resolve("setgroups"), "deny");
            Files.writeString(proc.resolve("gid_map"), "0 " + uid + " 1\n");
            return (int) check(LibC.INSTANCE.open(proc.resolve("ns/user").toString(), LibC.O_RDONLY | LibC.O_CLOEXEC),
                    "open user namespace of " + proc);
        } finally {
            holder.destroyForcibly();
        }
    }

    private static long check(long result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + " failed: errno " + Native.getLastError());
        }
        return result;
    }
}
