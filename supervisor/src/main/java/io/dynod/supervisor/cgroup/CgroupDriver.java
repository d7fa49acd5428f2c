package io.dynod.supervisor.cgroup;

import java.util.Set;

/**
 * One host's cgroup flavour behind one interface. Every dyno launch gets a fresh leaf under the
 * driver's prefix (a cgroup is never reused: on this kernel a cgroup that once received
 * {@code cgroup.kill} SIGKILLs every child later cloned into it). All calls block on cgroupfs I/O:
 * call them off any event loop.
 */
public interface CgroupDriver {

    /** Short name for logs: v2, v1, hybrid, none. */
    String kind();

    /** False for the no-op driver: nothing is limited or contained. */
    boolean isolates();

    /** Creates the leaf {@code name} in every hierarchy and applies the limits. */
    CgroupLeaf create(String name, CgroupLimits limits);

    CgroupStats stats(CgroupLeaf leaf);

    /** Processes the kernel's OOM killer killed in this leaf (a fresh leaf starts at 0). */
    long oomKills(CgroupLeaf leaf);

    /** Every process in the leaf. */
    Set<Long> pids(CgroupLeaf leaf);

    /** Returns once the leaf is frozen. */
    void freeze(CgroupLeaf leaf);

    void thaw(CgroupLeaf leaf);

    /** SIGKILLs every process in the leaf, also ones forked meanwhile; returns once it is empty. */
    void killAll(CgroupLeaf leaf);

    /** Removes the leaf from every hierarchy (it must be empty); a missing leaf is fine. */
    void destroy(CgroupLeaf leaf);

    /**
     * The leaf {@code name} as {@link #create} made it, for a restarted agent that finds it again
     * by its recorded name. Nothing is created or checked on disk.
     */
    CgroupLeaf existing(String name);

    /** Names of the dyno leaves now under the prefix, in any hierarchy (for reaping strays). */
    Set<String> leafNames();

    /** Removes the driver's prefix directories if no leaf is left in them. */
    void removePrefixIfEmpty();
}
