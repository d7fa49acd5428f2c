package io.dynod.supervisor.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * v1 controllers for limits, stats and OOM counts; the controller-less unified tree for the
 * things v1 does badly: {@code cgroup.kill}, {@code cgroup.freeze} and the populated event.
 */
public final class HybridDriver implements CgroupDriver {
    private final CgroupV1Driver v1;
    private final CgroupV2Driver unified;

    public HybridDriver(CgroupV1Driver v1, CgroupV2Driver unified) {
        this.v1 = v1;
        this.unified = unified;
    }

    @Override
    public String kind() {
        return "hybrid";
    }

    @Override
    public boolean isolates() {
        return true;
    }

    @Override
    public CgroupLeaf create(String name, CgroupLimits limits) {
        CgroupLeaf limited = v1.create(name, limits);
        CgroupLeaf core;
        try {
            core = unified.create(name, limits);
        } catch (RuntimeException e) {
            v1.destroy(limited);
            throw e;
        }
        List<java.nio.file.Path> dirs = new ArrayList<>(limited.directories());
        dirs.addAll(core.directories());
        return new CgroupLeaf(name, dirs);
    }

    @Override
    public CgroupLeaf existing(String name) {
        List<java.nio.file.Path> dirs = new ArrayList<>(v1.existing(name).directories());
        dirs.addAll(unified.existing(name).directories());
        return new CgroupLeaf(name, dirs);
    }

    @Override
    public Set<String> leafNames() {
        Set<String> names = new java.util.TreeSet<>(v1.leafNames());
        names.addAll(unified.leafNames());
        return names;
    }

    @Override
    public CgroupStats stats(CgroupLeaf leaf) {
        return v1.stats(leaf);
    }

    @Override
    public long oomKills(CgroupLeaf leaf) {
        return v1.oomKills(leaf);
    }

    @Override
    public Set<Long> pids(CgroupLeaf leaf) {
        return unified.pids(leaf);
    }

    @Override
    public void freeze(CgroupLeaf leaf) {
        unified.freeze(leaf);
    }

    @Override
    public void thaw(CgroupLeaf leaf) {
        unified.thaw(leaf);
    }

    @Override
    public void killAll(CgroupLeaf leaf) {
        unified.killAll(leaf);
    }

    @Override
    public void destroy(CgroupLeaf leaf) {
        unified.destroy(leaf);
        v1.destroy(leaf);
    }

    @Override
    public void removePrefixIfEmpty() {
        unified.removePrefixIfEmpty();
        v1.removePrefixIfEmpty();
    }
}
