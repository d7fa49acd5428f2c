package io.dynod.supervisor.dyno;

import io.dynod.supervisor.linux.LibC;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
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
                .redirectInput(Redirect.from(new java.io.File("/dev/null")))
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
