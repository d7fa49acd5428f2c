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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each dyno as a plain process in its own session: {@code setsid sh -c COMMAND} in the app
 * directory, with exactly the spec's environment, stdin from {@code /dev/null} and stdout and
 * stderr appended to the dyno's log file. Signals go to the whole process group. No isolation,
 * no cgroup: for tests and for running without root. When the main process ends, whatever it
 * left in its group is killed, so a dyno never leaves strays behind.
 */
public final class ProcessDynoRuntime implements DynoRuntime, AutoCloseable {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynod-stop-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public DynoHandle start(DynoSpec spec) throws IOException {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", "sh", "-c", spec.command()))
                .directory(spec.appDir().toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(spec.logFile().toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        Process process = builder.start();
        long pid = process.pid();
        CompletableFuture<Integer> exit = process.onExit().thenApply(p -> {
            signalGroup(pid, LibC.SIGKILL);
            return p.exitValue();
        });
        return new Handle(pid, exit);
    }

    @Override
    public CompletableFuture<StopResult> stop(DynoHandle handle, Duration grace) {
        CompletableFuture<StopResult> result = new CompletableFuture<>();
        handle.exit().whenComplete((status, error) -> result.complete(StopResult.EXITED));
        signalGroup(handle.pid(), LibC.SIGTERM);
        timers.schedule(() -> {
            if (!result.isDone()) {
                signalGroup(handle.pid(), LibC.SIGKILL);
                result.complete(StopResult.KILLED);
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    @Override
    public void kill(DynoHandle handle) {
        signalGroup(handle.pid(), LibC.SIGKILL);
    }

    /** Resident memory of every process in the dyno's group (no cgroup here, so no OOM kills to count). */
    @Override
    public Optional<MemorySample> memory(DynoHandle handle, Instant now) {
        long bytes = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                bytes += residentBytesIfInGroup(proc, handle.pid());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new MemorySample(now, bytes, 0));
    }

    private static long residentBytesIfInGroup(Path proc, long pgid) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // fields after "(comm) ": state ppid pgrp ...
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (Long.parseLong(fields[2]) != pgid) {
                return 0;
            }
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended while we looked
        }
    }

    private static void signalGroup(long pid, int signal) {
        // the group may be gone already (ESRCH): nothing left to signal
        LibC.INSTANCE.kill((int) -pid, signal);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    private record Handle(long pid, CompletableFuture<Integer> exit) implements DynoHandle {
    }
}
