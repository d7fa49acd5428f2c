package io.dynod.supervisor.launch;

import io.dynod.supervisor.linux.LibC;
import io.dynod.supervisor.linux.Pidfd;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Heroku's stop: SIGTERM to every process of the dyno, then after the grace time SIGKILL to the
 * whole cgroup ({@code cgroup.kill}, or freeze-kill-thaw on v1), reported as
 * {@link ExitReason#EXIT_TIMEOUT} (R12). Returns once the dyno's cgroup leaf and dyno dir are gone.
 * Blocks: call it off any event loop.
 */
public final class StopSequence {
    /** How long the kill phase may take before the stop is reported as failed. */
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    private final Duration grace;

    public StopSequence(Duration grace) {
        this.grace = grace;
    }

    public DynoExit stop(RunningDyno dyno) throws InterruptedException {
        dyno.markStopRequested();
        signalAll(dyno, LibC.SIGTERM);
        try {
            return dyno.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            dyno.killAll();
            return await(dyno);
        } catch (ExecutionException e) {
            throw new IllegalStateException("dyno " + dyno.dyno() + " failed to finish", e.getCause());
        }
    }

    private static DynoExit await(RunningDyno dyno) throws InterruptedException {
        try {
            return dyno.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("dyno " + dyno.dyno() + " did not end after SIGKILL", e);
        }
    }

    /**
     * Through pidfds, opened before the member list is read again: a PID that left the dyno (and
     * may have been recycled) in between is never signalled.
     */
    private static void signalAll(RunningDyno dyno, int signal) {
        Map<Long, Pidfd> pidfds = new HashMap<>();
        try {
            for (long pid : dyno.processes()) {
                Pidfd.open(pid).ifPresent(fd -> pidfds.put(pid, fd));
            }
            Set<Long> members = dyno.processes();
            pidfds.forEach((pid, fd) -> {
                if (members.contains(pid)) {
                    fd.signal(signal);
                }
            });
        } finally {
            pidfds.values().forEach(Pidfd::close);
        }
    }
}
