package io.dynod.supervisor.cgroup;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Chooses the driver once, from the mount table: v2, hybrid (v1 + empty cgroup2), v1, or none. */
public final class CgroupDrivers {
    private CgroupDrivers() {}

    /** For an agent whose cgroup was not delegated (the prefix goes under each hierarchy's root). */
    public static CgroupDriver detect(MountInfo mounts, String prefix) {
        return detect(mounts, prefix, AgentCgroup.NOT_DELEGATED);
    }

    /**
     * On a pure v2 host whose systemd delegated the agent's cgroup ({@code self}), the agent first
     * moves into {@code <unit>/agent} and the prefix goes under {@code <unit>} (see {@link AgentCgroup}).
     * Hybrid and v1 hosts keep the root layout: systemd does not delegate v1 controllers.
     */
    public static CgroupDriver detect(MountInfo mounts, String prefix, AgentCgroup self) {
        Optional<Path> cgroup2 = mounts.cgroup2();
        Map<String, Path> v1 = mounts.cgroupV1Controllers();
        boolean v1Usable = v1.keySet().containsAll(CgroupV1Driver.REQUIRED);
        if (cgroup2.isPresent() && v1Usable) {
            return new HybridDriver(new CgroupV1Driver(v1, prefix, false), CgroupV2Driver.coreOnly(cgroup2.get(), prefix));
        }
        if (cgroup2.isPresent()) {
            return CgroupV2Driver.limiting(self.dynoParent(cgroup2.get()), prefix);
        }
        if (v1Usable) {
            return new CgroupV1Driver(v1, prefix, true);
        }
        return new NoopDriver();
    }
}
