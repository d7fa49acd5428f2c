package io.dynod.supervisor.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The unified hierarchy. Limiting mode (a pure v2 host) enables cpu, memory and pids for the
 * prefix and writes limits into each leaf; core mode (the empty cgroup2 of a hybrid host) only
 * uses what every cgroup2 has: {@code cgroup.kill}, {@code cgroup.freeze}, {@code cgroup.events}
 * and {@code cpu.stat}.
 */
public final class CgroupV2Driver implements CgroupDriver {
    static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids");
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    private final Path prefixDir;
    private final boolean limiting;

    private CgroupV2Driver(Path mount, String prefix, boolean limiting) {
        this.prefixDir = mount.resolve(CgroupNames.checkPrefix(prefix));
        this.limiting = limiting;
        if (limiting) {
            enableControllers(mount);
            CgroupFiles.mkdirs(prefixDir);
            enableControllers(prefixDir);
        }
    }

    /** A pure v2 host: every limit lives here. Refuses when cpu, memory or pids is unavailable. */
    public static CgroupV2Driver limiting(Path mount, String prefix) {
        Set<String> available = words(CgroupFiles.read(mount.resolve("cgroup.controllers")));
        if (!available.containsAll(CONTROLLERS)) {
            throw new CgroupException("cgroup2 at " + mount + " lacks controllers: has " + available
                    + ", needs " + CONTROLLERS);
        }
        return new CgroupV2Driver(mount, prefix, true);
    }

    /** The controller-less cgroup2 of a hybrid host: kill, freeze, populated events and cpu time. */
    public static CgroupV2Driver coreOnly(Path mount, String prefix) {
        return new CgroupV2Driver(mount, prefix, false);
    }

    /** Idempotent: enabling an enabled controller is a no-op for the kernel. */
    private static void enableControllers(Path dir) {
        CgroupFiles.write(dir.resolve("cgroup.subtree_control"),
                CONTROLLERS.stream().map(c -> "+" + c).collect(Collectors.joining(" ")));
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty())
                .map(w -> w.startsWith("+") ? w.substring(1) : w).collect(Collectors.toSet());
    }

    @Override
    public String kind() {
        return "v2";
    }

    @Override
    public boolean isolates() {
        return true;
    }

    Path dir(CgroupLeaf leaf) {
        return prefixDir.resolve(leaf.name());
    }

    @Override
    public CgroupLeaf existing(String name) {
        return new CgroupLeaf(CgroupNames.checkLeaf(name), List.of(prefixDir.resolve(name)));
    }

    @Override
    public Set<String> leafNames() {
        return CgroupFiles.leafNames(prefixDir);
    }

    @Override
    public CgroupLeaf create(String name, CgroupLimits limits) {
        CgroupLeaf leaf = existing(name);
        Path dir = dir(leaf);
        if (CgroupFiles.exists(dir)) {
            throw new CgroupException("cgroup " + dir + " exists already; a leaf is never reused");
        }
        CgroupFiles.mkdirs(dir);
        if (limiting) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryMaxBytes()));
            writeIfPresent(dir.resolve("memory.swap.max"), "0");
            writeIfPresent(dir.resolve("memory.oom.group"), "1");
            CgroupFiles.write(dir.resolve("cpu.weight"), Integer.toString(limits.cpuWeight()));
            CgroupFiles.write(dir.resolve("pids.max"), Integer.toString(limits.pidsMax()));
        }
        return leaf;
    }

    private static void writeIfPresent(Path file, String value) {
        if (CgroupFiles.exists(file)) {
            CgroupFiles.write(file, value);
        }
    }

    @Override
    public CgroupStats stats(CgroupLeaf leaf) {
        Path dir = dir(leaf);
        long cpuNanos = CgroupFiles.keyed(dir.resolve("cpu.stat"), "usage_usec") * 1000;
        if (!limiting) {
            return new CgroupStats(0, 0, cpuNanos, pids(leaf).size());
        }
        return new CgroupStats(CgroupFiles.readLong(dir.resolve("memory.current")),
                CgroupFiles.keyed(dir.resolve("memory.stat"), "anon"), cpuNanos,
                CgroupFiles.readLong(dir.resolve("pids.current")));
    }

    @Override
    public long oomKills(CgroupLeaf leaf) {
        return limiting ? CgroupFiles.keyed(dir(leaf).resolve("memory.events"), "oom_kill") : 0;
    }

    @Override
    public Set<Long> pids(CgroupLeaf leaf) {
        return CgroupFiles.pids(dir(leaf).resolve("cgroup.procs"));
    }

    @Override
    public void freeze(CgroupLeaf leaf) {
        CgroupFiles.write(dir(leaf).resolve("cgroup.freeze"), "1");
        awaitEvent(leaf, "frozen", 1);
    }

    @Override
    public void thaw(CgroupLeaf leaf) {
        CgroupFiles.write(dir(leaf).resolve("cgroup.freeze"), "0");
        awaitEvent(leaf, "frozen", 0);
    }

    /** A leaf removed meanwhile (by a concurrent cleanup) counts as killed. */
    @Override
    public void killAll(CgroupLeaf leaf) {
        Path dir = dir(leaf);
        try {
            CgroupFiles.write(dir.resolve("cgroup.kill"), "1");
        } catch (CgroupException e) {
            if (!CgroupFiles.exists(dir)) {
                return;
            }
            throw e;
        }
        Path events = dir.resolve("cgroup.events");
        if (!Await.until(() -> CgroupFiles.keyedIfPresent(events, "populated", 0) == 0, SETTLE_TIMEOUT)) {
            throw new CgroupException(events + " still shows processes " + SETTLE_TIMEOUT + " after cgroup.kill");
        }
    }

    /** True while any process is in the leaf. */
    public boolean populated(CgroupLeaf leaf) {
        return CgroupFiles.keyed(dir(leaf).resolve("cgroup.events"), "populated") == 1;
    }

    private void awaitEvent(CgroupLeaf leaf, String key, long value) {
        Path events = dir(leaf).resolve("cgroup.events");
        if (!Await.until(() -> CgroupFiles.keyed(events, key) == value, SETTLE_TIMEOUT)) {
            throw new CgroupException(events + " did not reach '" + key + " " + value + "' within " + SETTLE_TIMEOUT);
        }
    }

    @Override
    public void destroy(CgroupLeaf leaf) {
        CgroupFiles.rmdir(dir(leaf));
    }

    @Override
    public void removePrefixIfEmpty() {
        CgroupFiles.rmdirIfNoChildren(prefixDir);
    }
}
