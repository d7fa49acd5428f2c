package io.dynod.supervisor.launch;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.cgroup.CgroupLeaf;
import io.dynod.supervisor.cgroup.CgroupStats;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started or adopted dyno. When its shim exits, the OOM count is read, stragglers are killed,
 * the cgroup leaf is removed and the dyno dir (overlay upper/work) is thrown away; then
 * {@link #onExit()} completes with the classified exit. Nothing here needs the agent to be the
 * shim's parent: signals go through the cgroup or pidfds, the end is seen through {@link ShimProcess}.
 */
public final class RunningDyno {
    private static final Logger LOG = LoggerFactory.getLogger(RunningDyno.class);

    private final String dyno;
    private final ShimProcess shim;
    private final CgroupDriver cgroups;
    private final CgroupLeaf leaf;
    private final Path dynoDir;
    private final Optional<Path> logFile;
    private final CompletableFuture<DynoExit> exit;
    private volatile boolean stopRequested;
    private volatile boolean killedAfterGrace;

    RunningDyno(String dyno, ShimProcess shim, CgroupDriver cgroups, CgroupLeaf leaf, Path dynoDir,
            Optional<Path> logFile, Executor cleanup) {
        this.dyno = dyno;
        this.shim = shim;
        this.cgroups = cgroups;
        this.leaf = leaf;
        this.dynoDir = dynoDir;
        this.logFile = logFile;
        this.exit = shim.exit().thenApplyAsync(this::finish, cleanup);
    }

    private DynoExit finish(int status) {
        long oomKills = 0;
        try {
            oomKills = cgroups.oomKills(leaf);
            cgroups.killAll(leaf);
            cgroups.destroy(leaf);
        } catch (RuntimeException e) {
            LOG.warn("dyno {}: cgroup cleanup failed: {}", dyno, e.getMessage());
        }
        DynoDirs.delete(dynoDir);
        return DynoExit.classify(status, oomKills, stopRequested, killedAfterGrace);
    }

    /** The dyno's name, {@code web.1}. */
    public String dyno() {
        return dyno;
    }

    /** PID of the shim, the root of the launch chain. */
    public long pid() {
        return shim.handle().pid();
    }

    public CgroupLeaf cgroup() {
        return leaf;
    }

    /** The file the dyno's output is appended to; unknown for an adopted dyno (its record names it). */
    public Optional<Path> logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return shim.handle().isAlive();
    }

    /** Completes once the dyno ended and its cgroup and dyno dir are gone. */
    public CompletableFuture<DynoExit> onExit() {
        return exit.copy();
    }

    public CgroupStats stats() {
        return cgroups.stats(leaf);
    }

    /** The cgroup's OOM-kill count now (0 once the dyno has ended: see {@link DynoExit#oomKills()}). */
    public long oomKills() {
        return exit.isDone() ? 0 : cgroups.oomKills(leaf);
    }

    /** Whether the whole dyno got SIGKILL because it outlived a stop's grace time (R12). */
    public boolean killedAfterGrace() {
        return killedAfterGrace;
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
        shim.handle().descendants().forEach(p -> pids.add(p.pid()));
        if (shim.handle().isAlive()) {
            pids.add(shim.handle().pid());
        }
        return pids;
    }

    /**
     * SIGKILL to the whole dyno at once (the grace time is over, or a boot timed out): the cgroup
     * when there is one, else the shim's tree.
     */
    public void killAll() {
        if (exit.isDone()) {
            return;
        }
        killedAfterGrace = true;
        if (cgroups.isolates()) {
            cgroups.killAll(leaf);
        } else {
            shim.handle().descendants().forEach(ProcessHandle::destroyForcibly);
            shim.handle().destroyForcibly();
        }
    }
}
