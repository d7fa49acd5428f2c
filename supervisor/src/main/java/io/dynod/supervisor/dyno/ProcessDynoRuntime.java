package io.dynod.supervisor.dyno;

import io.dynod.supervisor.linux.LibC;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each dyno as a plain process in its own session, with exactly the spec's environment, in
 * the app directory, stdin from {@code /dev/null} and stdout and stderr appended to the dyno's
 * log file. No isolation, no cgroup: for tests and for running without root.
 *
 * <p>The session leader is a small {@code sh} shim that runs the command as its child and
 * writes the command's exit status to the spec's exit-status file, so a restarted agent can learn
 * how a dyno ended while it was away ({@link #adopt}). Signals go to the whole process group;
 * when the shim ends, whatever is left in its group is killed, so a dyno leaves no strays.
 */
public final class ProcessDynoRuntime implements DynoRuntime {
    private static final Duration ADOPTED_POLL = Duration.ofMillis(100);
    /** {@code /proc} counts cpu time in clock ticks (USER_HZ, 100 per second on x86-64 and arm64). */
    private static final long NANOS_PER_TICK = 1_000_000_000L / Math.max(1, LibC.INSTANCE.sysconf(LibC.SC_CLK_TCK));
    /**
     * $1 = command, $2 = exit-status file. The TERM trap only keeps the shim alive to record the
     * status. The shim's own stderr goes to /dev/null (the shell's "Terminated" job notices are not
     * the app's output); the command's goes to the log file.
     */
    private static final String SHIM = String.join("\n",
            "trap : TERM",
            "exec 3>&2 2>/dev/null",
            "sh -c \"$1\" 2>&3 3>&- &",
            "child=$!",
            "while :; do wait \"$child\"; status=$?; kill -0 \"$child\" 2>/dev/null || break; done",
            "echo \"$status\" > \"$2.tmp\" && mv \"$2.tmp\" \"$2\"",
            "exit \"$status\"");

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynod-stop-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public DynoHandle start(DynoSpec spec) throws IOException {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        Files.createDirectories(spec.exitStatusFile().toAbsolutePath().getParent());
        Files.deleteIfExists(spec.exitStatusFile());
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", "sh", "-c", SHIM, "dynod-shim",
                spec.command(), spec.exitStatusFile().toString()))
                .directory(spec.appDir().toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(spec.logFile().toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        Process process = builder.start();
        long pid = process.pid();
        long startTime = ProcStat.read(pid).map(ProcStat::startTime).orElse(-1L);
        CompletableFuture<Integer> exit = process.onExit().thenApply(p -> {
            signalGroup(pid, LibC.SIGKILL);
            return p.exitValue();
        });
        return new Handle(pid, startTime, exit);
    }

    /**
     * The agent is not the parent of a dyno it adopts, so the exit is noticed by watching
     * {@code /proc} (the isolated runtime uses pidfd instead) and the status read from the file the
     * shim wrote.
     */
    @Override
    public Adoption adopt(long pid, long startTime, String cgroupPath, Path exitStatusFile) {
        if (!ProcStat.isRunning(pid, startTime)) {
            return new Adoption.Ended(ExitStatusFile.read(exitStatusFile));
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ScheduledFuture<?> watch = timers.scheduleWithFixedDelay(() -> {
            if (!exit.isDone() && !ProcStat.isRunning(pid, startTime)) {
                signalGroup(pid, LibC.SIGKILL);
                exit.complete(ExitStatusFile.read(exitStatusFile));
            }
        }, ADOPTED_POLL.toMillis(), ADOPTED_POLL.toMillis(), TimeUnit.MILLISECONDS);
        exit.whenComplete((status, error) -> watch.cancel(false));
        return new Adoption.Running(new Handle(pid, startTime, exit));
    }

    @Override
    public CompletableFuture<StopResult> stop(DynoHandle handle, Duration grace) {
        CompletableFuture<StopResult> result = new CompletableFuture<>();
        handle.exit().whenComplete((status, error) -> result.complete(StopResult.EXITED));
        signalGroup(handle.pid(), LibC.SIGTERM);
        timers.schedule(() -> {
            // decided before the SIGKILL: the exit it causes must not complete the stop as EXITED first
            if (result.complete(StopResult.KILLED)) {
                signalGroup(handle.pid(), LibC.SIGKILL);
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    @Override
    public void kill(DynoHandle handle) {
        signalGroup(handle.pid(), LibC.SIGKILL);
    }

    /**
     * Resident memory and cpu time of every process in the dyno's group (no cgroup here, so no OOM
     * kills to count). The cpu time of a process that ended counts once its parent in the group
     * has reaped it; one reaped by a parent outside the group is missed.
     */
    @Override
    public Optional<MemorySample> memory(DynoHandle handle, Instant now) {
        long bytes = 0;
        long cpuTicks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                Optional<ProcStat> stat = ProcStat.read(proc).filter(s -> s.processGroup() == handle.pid());
                if (stat.isPresent()) {
                    bytes += residentBytes(proc);
                    cpuTicks += stat.get().cpuTicks();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new MemorySample(now, bytes, 0, OptionalLong.of(cpuTicks * NANOS_PER_TICK)));
    }

    private static long residentBytes(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended while we looked
        }
        return 0;
    }

    private static void signalGroup(long pid, int signal) {
        // the group may be gone already (ESRCH): nothing left to signal
        LibC.INSTANCE.kill((int) -pid, signal);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    private record Handle(long pid, long startTime, CompletableFuture<Integer> exit) implements DynoHandle {
    }
}
