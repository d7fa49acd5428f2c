package io.dynod.supervisor.dyno;

import io.dynod.supervisor.logs.LogPosition;
import io.dynod.supervisor.logs.LogTailer;
import io.dynod.supervisor.state.DynoRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One dyno name of an app ({@code web.1}): it outlives the processes that restarts put in it and
 * carries the lifecycle state, timers and crash cool-off. Touched only on the manager's thread.
 */
final class DynoSlot {
    final ManagedApp app;
    final DynoName name;
    final CrashBackoff backoff;
    DynoState state = DynoState.DOWN;
    Instant since;
    int release;
    DynoSpec spec;
    DynoHandle handle;
    Instant startedAt;
    boolean removed;
    boolean launched;
    /** Completes when the current start has settled: up, crashed or stopped (a roll waits on it). */
    CompletableFuture<Void> booted = new CompletableFuture<>();
    ScheduledFuture<?> bootTask;
    ScheduledFuture<?> restartTask;
    ScheduledFuture<?> cycleTask;
    ScheduledFuture<?> memoryTask;
    MemoryQuotaMonitor memory;
    LogTailer tailer;
    Instant restartAt;
    Instant cycleAt;
    DynoRecord persisted;
    Instant positionSavedAt;

    DynoSlot(ManagedApp app, DynoName name, CrashBackoff backoff) {
        this.app = app;
        this.name = name;
        this.backoff = backoff;
    }

    void cancelTimers() {
        cancel(bootTask);
        cancel(cycleTask);
        cancel(restartTask);
        cancel(memoryTask);
    }

    static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** What a restarted agent needs to find this dyno again. */
    DynoRecord toRecord(Path logFile) {
        return new DynoRecord(app.name, name.toString(), Math.max(1, release), state.wireName(),
                handle == null ? -1 : handle.pid(), handle == null ? -1 : handle.startTime(),
                spec == null || spec.port().isEmpty() ? 0 : spec.port().getAsInt(),
                handle == null ? "" : handle.cgroupPath(), logFile.toString(),
                tailer == null ? LogPosition.START : tailer.position(),
                spec == null ? "" : spec.exitStatusFile().toString(), startedAt, backoff.consecutiveCrashes(),
                restartAt, cycleAt);
    }

    @Override
    public String toString() {
        return app.name + " " + name;
    }
}
