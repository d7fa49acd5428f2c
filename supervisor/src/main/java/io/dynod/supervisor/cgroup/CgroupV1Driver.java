package io.dynod.supervisor.cgroup;

import io.dynod.supervisor.linux.LibC;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Legacy hierarchies, one per controller (or co-mounted, e.g. {@code cpu,cpuacct}): memory, cpu,
 * cpuacct and pids for limits and stats, freezer for freeze and the freeze-kill-thaw loop. Used
 * alone on a v1 host and, without freezer, inside {@link HybridDriver}.
 */
public final class CgroupV1Driver implements CgroupDriver {
    static final List<String> REQUIRED = List.of("memory", "cpu", "cpuacct", "pids");

    private final Map<String, Path> controllers;
    private final String prefix;
    private final boolean freezer;

    /**
     * @param controllers v1 controller → hierarchy mount point, as {@link MountInfo#cgroupV1Controllers()}
     * @param useFreezer  false on hybrid hosts, whose unified tree freezes better
     */
    public CgroupV1Driver(Map<String, Path> controllers, String prefix, boolean useFreezer) {
        for (String required : REQUIRED) {
            if (!controllers.containsKey(required)) {
                throw new CgroupException("cgroup v1 controller '" + required + "' is not mounted (have "
                        + controllers.keySet() + ")");
            }
        }
        this.controllers = Map.copyOf(controllers);
        this.prefix = CgroupNames.checkPrefix(prefix);
        this.freezer = useFreezer && controllers.containsKey("freezer");
    }

    @Override
    public String kind() {
        return "v1";
    }

    @Override
    public boolean isolates() {
        return true;
    }

    private Path dir(String controller, CgroupLeaf leaf) {
        return prefixDir(controller).resolve(leaf.name());
    }

    private Path prefixDir(String controller) {
        return controllers.get(controller).resolve(prefix);
    }

    private List<String> used() {
        List<String> used = new ArrayList<>(REQUIRED);
        if (freezer) {
            used.add("freezer");
        }
        return used;
    }

    /** One directory per distinct hierarchy (co-mounted controllers share one). */
    private List<Path> hierarchyDirs(String name) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String controller : used()) {
            dirs.add(prefixDir(controller).resolve(name));
        }
        return List.copyOf(dirs);
    }

    @Override
    public CgroupLeaf existing(String name) {
        return new CgroupLeaf(CgroupNames.checkLeaf(name), hierarchyDirs(name));
    }

    @Override
    public Set<String> leafNames() {
        Set<String> names = new java.util.TreeSet<>();
        for (String controller : used()) {
            names.addAll(CgroupFiles.leafNames(prefixDir(controller)));
        }
        return names;
    }

    @Override
    public CgroupLeaf create(String name, CgroupLimits limits) {
        CgroupLeaf leaf = existing(name);
        for (Path dir : leaf.directories()) {
            if (CgroupFiles.exists(dir)) {
                throw new CgroupException("cgroup " + dir + " exists already; a leaf is never reused");
            }
        }
        leaf.directories().forEach(CgroupFiles::mkdirs);
        Path memory = dir("memory", leaf);
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryMaxBytes()));
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (CgroupFiles.exists(memsw)) {
            CgroupFiles.write(memsw, Long.toString(limits.memoryMaxBytes()));
        }
        CgroupFiles.write(dir("cpu", leaf).resolve("cpu.shares"), Long.toString(limits.cpuShares()));
        CgroupFiles.write(dir("pids", leaf).resolve("pids.max"), Integer.toString(limits.pidsMax()));
        return leaf;
    }

    @Override
    public CgroupStats stats(CgroupLeaf leaf) {
        Path memory = dir("memory", leaf);
        return new CgroupStats(CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes")),
                CgroupFiles.keyed(memory.resolve("memory.stat"), "total_rss"),
                CgroupFiles.readLong(dir("cpuacct", leaf).resolve("cpuacct.usage")),
                CgroupFiles.readLong(dir("pids", leaf).resolve("pids.current")));
    }

    @Override
    public long oomKills(CgroupLeaf leaf) {
        return CgroupFiles.keyed(dir("memory", leaf).resolve("memory.oom_control"), "oom_kill");
    }

    @Override
    public Set<Long> pids(CgroupLeaf leaf) {
        return CgroupFiles.pids(dir("pids", leaf).resolve("cgroup.procs"));
    }

    @Override
    public void freeze(CgroupLeaf leaf) {
        setFreezer(leaf, "FROZEN");
    }

    @Override
    public void thaw(CgroupLeaf leaf) {
        setFreezer(leaf, "THAWED");
    }

    private void setFreezer(CgroupLeaf leaf, String state) {
        if (!freezer) {
            throw new CgroupException("no v1 freezer hierarchy in use; cannot set " + state);
        }
        Path file = dir("freezer", leaf).resolve("freezer.state");
        CgroupFiles.write(file, state);
        if (!Await.until(() -> CgroupFiles.read(file).equals(state), CgroupV2Driver.SETTLE_TIMEOUT)) {
            throw new CgroupException(file + " did not reach " + state);
        }
    }

    /** v1 has no cgroup.kill: freeze, SIGKILL every member, thaw, until the leaf is empty. */
    @Override
    public void killAll(CgroupLeaf leaf) {
        boolean empty = Await.until(() -> {
            Set<Long> pids = pids(leaf);
            if (pids.isEmpty()) {
                return true;
            }
            try {
                if (freezer) {
                    freeze(leaf);
                }
                pids(leaf).forEach(pid -> LibC.INSTANCE.kill(pid.intValue(), LibC.SIGKILL));
                if (freezer) {
                    thaw(leaf);
                }
            } catch (CgroupException e) {
                if (!CgroupFiles.exists(dir("pids", leaf))) {
                    return true; // removed meanwhile by a concurrent cleanup
                }
                throw e;
            }
            return false;
        }, CgroupV2Driver.SETTLE_TIMEOUT);
        if (!empty) {
            throw new CgroupException("processes left in " + dir("pids", leaf) + " after SIGKILL: " + pids(leaf));
        }
    }

    @Override
    public void destroy(CgroupLeaf leaf) {
        hierarchyDirs(leaf.name()).forEach(CgroupFiles::rmdir);
    }

    @Override
    public void removePrefixIfEmpty() {
        for (String controller : used()) {
            CgroupFiles.rmdirIfNoChildren(prefixDir(controller));
        }
    }
}
