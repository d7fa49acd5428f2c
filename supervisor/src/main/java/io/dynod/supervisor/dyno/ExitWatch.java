package io.dynod.supervisor.dyno;

import io.dynod.supervisor.linux.Pidfd;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Notices the end of a process the agent is not the parent of (a dyno's shim adopted after an
 * agent restart), so {@code waitpid} is not available: a pidfd becomes readable when its process
 * ends (Linux 5.3+). Without pidfds, the JDK's own watch of a non-child (it polls) takes over.
 */
final class ExitWatch {
    private static final int POLL_MILLIS = 1000;

    private ExitWatch() {}

    /**
     * A future that completes when {@code pid} ends, or empty when {@code pid} is no longer the
     * process that had {@code startTime}. The pidfd is opened before the start time is checked,
     * so it is bound to the right process even if the pid is recycled right after.
     *
     * @param closed checked every second; once true the watch stops without completing
     */
    static Optional<CompletableFuture<Void>> watch(long pid, long startTime, BooleanSupplier closed) {
        Optional<Pidfd> pidfd;
        try {
            pidfd = Pidfd.open(pid);
        } catch (IllegalStateException e) {
            return ProcStat.isRunning(pid, startTime) ? ProcessHandle.of(pid).map(h -> h.onExit().thenApply(p -> null))
                    : Optional.empty(); // no pidfd_open on this kernel
        }
        if (pidfd.isEmpty() || !ProcStat.isRunning(pid, startTime)) {
            pidfd.ifPresent(Pidfd::close);
            return Optional.empty();
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Pidfd fd = pidfd.get();
        Thread watcher = new Thread(() -> {
            try {
                while (!closed.getAsBoolean()) {
                    if (fd.awaitExit(POLL_MILLIS)) {
                        ended.complete(null);
                        return;
                    }
                }
            } catch (RuntimeException e) {
                ended.completeExceptionally(e);
            } finally {
                fd.close();
            }
        }, "dyno-exit-watch-" + pid);
        watcher.setDaemon(true);
        watcher.start();
        return Optional.of(ended);
    }
}
