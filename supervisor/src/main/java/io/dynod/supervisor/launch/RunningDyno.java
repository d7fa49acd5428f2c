package io.dynod.supervisor.launch;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.cgroup.CgroupLeaf;
import io.dynod.supervisor.cgroup.CgroupStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started dyno. When its shim exits, the OOM count is read, stragglers are killed, the cgroup
 * leaf is removed and the dyno dir (overlay upper/work) is thrown away; then {@link #onExit()}
 * completes with the classified exit.
 */
public final class RunningDyno {
    private static final Logger LOG = LoggerFactory.getLogger(RunningDyno.class);

    private final DynoSpec spec;
    private final Process shim;
    private final CgroupDriver cgroups;
    private final CgroupLeaf leaf;
    private final Path dynoDir;
    private final Path logFile;
    private final int uid;
    private final Instant startedAt;
    private final CompletableFuture<DynoExit> exit;
    private volatile boolean stopRequested;
    private volatile boolean killedAfterGrace;

    RunningDyno(DynoSpec spec, Process shim, CgroupDriver cgroups, CgroupLeaf leaf, Path dynoDir, Path logFile,
            int uid, Instant startedAt, Executor cleanup) {
        this.spec = spec;
        this.shim = shim;
        this.cgroups = cgroups;
        this.leaf = leaf;
        this.dynoDir = dynoDir;
        this.logFile = logFile;
        this.uid = uid;
        this.startedAt = startedAt;
        this.exit = shim.onExit().thenApplyAsync(p -> finish(p.exitValue()), cleanup);
    }

    private DynoExit finish(int status) {
        long oomKills = 0;
        try {
            oomKills = cgroups.oomKills(leaf);
            cgroups.killAll(leaf);
            cgroups.destroy(leaf);
        } catch (RuntimeException e) {
            LOG.warn("dyno {}: cgroup cleanup failed: {}", spec.dyno(), e.getMessage());
        }
        DynoDirs.delete(dynoDir);
        return DynoExit.classify(status, oomKills, stopRequested, killedAfterGrace);
    }

    public DynoSpec spec() {
        return spec;
    }

    /** PID of the shim, the root of the launch chain. */
    public long pid() {
        return shim.pid();
    }

    public CgroupLeaf cgroup() {
        return leaf;
    }

    public Path logFile() {
        return logFile;
    }

    public int uid() {
        return uid;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean isAlive() {
        return shim.isAlive();
    }

    /** Completes once the dyno ended and its cgroup and dyno dir are gone. */
    public CompletableFuture<DynoExit> onExit() {
        return exit.copy();
    }

    public CgroupStats stats() {
        return cgroups.stats(leaf);
    }

    void markStopRequested() {
        stopRequested = true;
    }

    /** Every process of the dyno: the cgroup's members, or the shim's tree when there is no cgroup. */
    Set<Long> processes() {
        if (cgroups.isolates()) {
            return cgroups.pids(leaf);
        }
        Set<Long> pids = new LinkedHashSet<>();
        shim.descendants().forEach(p -> pids.add(p.pid()));
        if (shim.isAlive()) {
            pids.add(shim.pid());
        }
        return pids;
    }

    /** SIGKILL to the whole dyno (the grace time is over): the cgroup when there is one, else the shim's tree. */
    void killAll() {
        if (exit.isDone()) {
            return;
        }
        killedAfterGrace = true;
        if (cgroups.isolates()) {
            cgroups.killAll(leaf);
        } else {
            shim.descendants().forEach(ProcessHandle::destroyForcibly);
            shim.destroyForcibly();
        }
    }
}
