package io.dynod.supervisor.dyno;

import io.dynod.supervisor.cgroup.CgroupException;
import io.dynod.supervisor.cgroup.CgroupStats;
import io.dynod.supervisor.launch.DynoExit;
import io.dynod.supervisor.launch.DynoLauncher;
import io.dynod.supervisor.launch.RunningDyno;
import io.dynod.supervisor.launch.ShimProcess;
import io.dynod.supervisor.launch.StopSequence;
import io.dynod.supervisor.linux.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynos through the isolated launch chain ({@link DynoLauncher}: shim, cgroup leaf, namespaces,
 * overlay {@code /app}, app uid). The handle's cgroup path is the leaf's name, which a restarted
 * agent hands back to {@link #adopt}: the shim is then no longer the agent's child, so its end is
 * seen through a pidfd and its status read from the exit-status file the shim writes. Stops and
 * kills block on cgroupfs, so they run on their own threads, never on the manager's loop.
 */
public final class IsolatedDynoRuntime implements DynoRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedDynoRuntime.class);

    private final DynoLauncher launcher;
    private final ExecutorService blocking = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dyno-stop");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public IsolatedDynoRuntime(DynoLauncher launcher) {
        if (!launcher.isolated()) {
            throw new IllegalArgumentException("the launcher runs plain processes: use ProcessDynoRuntime");
        }
        this.launcher = launcher;
    }

    @Override
    public DynoHandle start(DynoSpec spec) throws IOException {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        Files.createDirectories(spec.exitStatusFile().toAbsolutePath().getParent());
        Files.deleteIfExists(spec.exitStatusFile());
        io.dynod.supervisor.launch.DynoSpec launch = new io.dynod.supervisor.launch.DynoSpec(spec.app(),
                spec.name().toString(), spec.command(), configVars(spec.env()), spec.port(), spec.size(),
                spec.appDir().toAbsolutePath());
        RunningDyno dyno = launcher.launch(launch, spec.logFile().toAbsolutePath(), spec.exitStatusFile().toAbsolutePath());
        return new Handle(dyno, ProcStat.read(dyno.pid()).map(ProcStat::startTime).orElse(-1L));
    }

    /** The launch chain sets {@code PORT}, {@code DYNO} and {@code HOME=/app} itself. */
    private static Map<String, String> configVars(Map<String, String> env) {
        Map<String, String> vars = new HashMap<>(env);
        vars.keySet().removeAll(Set.of("PORT", "DYNO", "HOME"));
        return vars;
    }

    @Override
    public Adoption adopt(long pid, long startTime, String cgroupPath, Path exitStatusFile) {
        if (!DynoLauncher.isLeafName(cgroupPath)) {
            // started by the plain runtime of an earlier run (or a damaged record): it cannot be
            // contained, so it is ended
            if (ProcStat.isRunning(pid, startTime)) {
                LOG.warn("dyno pid {} runs without a dyno cgroup ('{}'): killing it", pid, cgroupPath);
                LibC.INSTANCE.kill((int) -pid, LibC.SIGKILL);
            }
            return new Adoption.Ended(ExitStatusFile.read(exitStatusFile));
        }
        Optional<CompletableFuture<Void>> ended = ExitWatch.watch(pid, startTime, () -> closed);
        Optional<ProcessHandle> shim = ended.flatMap(e -> ProcessHandle.of(pid));
        if (shim.isEmpty()) {
            long oomKills = discard(cgroupPath); // its leaf and dyno dir outlived it
            return new Adoption.Ended(ExitStatusFile.read(exitStatusFile), oomKills);
        }
        CompletableFuture<Integer> status = ended.get().thenApply(v -> ExitStatusFile.read(exitStatusFile));
        RunningDyno dyno = launcher.adopt(cgroupPath, new ShimProcess(shim.get(), status));
        return new Adoption.Running(new Handle(dyno, startTime));
    }

    /** A failure to clean up one dyno's remains must not stop the recovery of the others. */
    private long discard(String leafName) {
        try {
            return launcher.discard(leafName);
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the remains of dyno cgroup {}: {}", leafName, e.getMessage());
            return 0;
        }
    }

    @Override
    public void reapStrays(Set<String> adopted) {
        Set<String> reaped = launcher.reapStrays(adopted);
        if (!reaped.isEmpty()) {
            LOG.warn("killed and removed dyno cgroups no record claims: {}", reaped);
        }
    }

    @Override
    public CompletableFuture<StopResult> stop(DynoHandle handle, Duration grace) {
        RunningDyno dyno = dyno(handle);
        return CompletableFuture.supplyAsync(() -> {
            try {
                new StopSequence(grace).stop(dyno);
                return dyno.killedAfterGrace() ? StopResult.KILLED : StopResult.EXITED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, blocking);
    }

    @Override
    public void kill(DynoHandle handle) {
        RunningDyno dyno = dyno(handle);
        blocking.execute(() -> {
            try {
                dyno.killAll();
            } catch (CgroupException e) {
                LOG.warn("killing dyno {}: {}", dyno.dyno(), e.getMessage());
            }
        });
    }

    /** Usage, OOM kills and cpu time from the cgroup; once the dyno has ended, the OOM kills its exit counted (R15). */
    @Override
    public Optional<MemorySample> memory(DynoHandle handle, Instant now) {
        RunningDyno dyno = dyno(handle);
        Optional<DynoExit> exit = endedWith(dyno);
        if (exit.isPresent()) {
            return Optional.of(new MemorySample(now, 0, exit.get().oomKills()));
        }
        try {
            CgroupStats stats = dyno.stats();
            return Optional.of(new MemorySample(now, stats.memoryBytes(), dyno.oomKills(),
                    OptionalLong.of(stats.cpuUsageNanos())));
        } catch (CgroupException e) {
            // the leaf went away while we read it: the dyno has just ended
            return endedWith(dyno).map(ended -> new MemorySample(now, 0, ended.oomKills()));
        }
    }

    private static Optional<DynoExit> endedWith(RunningDyno dyno) {
        CompletableFuture<DynoExit> exit = dyno.onExit();
        return exit.isDone() && !exit.isCompletedExceptionally() ? Optional.of(exit.join()) : Optional.empty();
    }

    private static RunningDyno dyno(DynoHandle handle) {
        if (handle instanceof Handle h) {
            return h.dyno;
        }
        throw new IllegalArgumentException("not a handle of this runtime: " + handle);
    }

    /** Stops watching adopted dynos and unmounts the slug views; running dynos keep running. */
    @Override
    public void close() {
        closed = true;
        blocking.shutdown();
        launcher.close();
        try {
            launcher.cgroups().removePrefixIfEmpty();
        } catch (RuntimeException e) {
            LOG.debug("keeping the cgroup prefix: {}", e.getMessage());
        }
    }

    private record Handle(RunningDyno dyno, long startTime) implements DynoHandle {
        @Override
        public long pid() {
            return dyno.pid();
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return dyno.onExit().thenApply(DynoExit::status);
        }

        @Override
        public String cgroupPath() {
            return dyno.cgroup().name();
        }
    }
}
