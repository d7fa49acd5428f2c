package io.dynod.supervisor.cgroup;

import java.util.List;
import java.util.Set;

/** No cgroups (a laptop, {@code dynod local}): nothing is limited, counted or contained. */
public final class NoopDriver implements CgroupDriver {

    @Override
    public String kind() {
        return "none";
    }

    @Override
    public boolean isolates() {
        return false;
    }

    @Override
    public CgroupLeaf create(String name, CgroupLimits limits) {
        return new CgroupLeaf(name, List.of());
    }

    @Override
    public CgroupLeaf existing(String name) {
        return new CgroupLeaf(name, List.of());
    }

    @Override
    public Set<String> leafNames() {
        return Set.of();
    }

    @Override
    public CgroupStats stats(CgroupLeaf leaf) {
        return CgroupStats.NONE;
    }

    @Override
    public long oomKills(CgroupLeaf leaf) {
        return 0;
    }

    @Override
    public Set<Long> pids(CgroupLeaf leaf) {
        return Set.of();
    }

    @Override
    public void freeze(CgroupLeaf leaf) {
        throw new UnsupportedOperationException("no cgroups on this host: cannot freeze " + leaf.name());
    }

    @Override
    public void thaw(CgroupLeaf leaf) {
        throw new UnsupportedOperationException("no cgroups on this host: cannot thaw " + leaf.name());
    }

    @Override
    public void killAll(CgroupLeaf leaf) {}

    @Override
    public void destroy(CgroupLeaf leaf) {}

    @Override
    public void removePrefixIfEmpty() {}
}
