package io.dynod.supervisor.state;

import io.dynod.supervisor.dyno.DynoName;
import io.dynod.supervisor.dyno.DynoState;
import io.dynod.supervisor.logs.LogPosition;
import java.time.Instant;
import java.util.Objects;

/**
 * What the agent must remember about one dyno to re-adopt it after its own restart: which
 * process (shim pid plus its start time, so a recycled pid is not mistaken for the dyno), its
 * cgroup, where its output goes and how far that was read, where the exit status will appear,
 * and its lifecycle state with the crash and cycling clocks.
 *
 * @param pid the dyno's main (shim) pid, or -1 when no process runs (crashed, waiting for its restart)
 * @param pidStartTime the runtime's start-time token for the pid (clock ticks since boot, {@code /proc/PID/stat} field 22)
 * @param port the web dyno's {@code PORT}, 0 for other types
 * @param restartAt when a crashed dyno is due to be restarted (null unless crashed)
 * @param cycleAt when the dyno is due for its daily cycling (null until started)
 */
public record DynoRecord(String app, String dyno, int release, String state, long pid, long pidStartTime, int port,
                         String cgroupPath, String logFile, LogPosition logPosition, String exitStatusFile,
                         Instant startedAt, int consecutiveCrashes, Instant restartAt, Instant cycleAt) {

    public DynoRecord {
        AppRecord.requireValidName(app);
        DynoName.parse(dyno);
        DynoState.fromWireName(state);
        Objects.requireNonNull(logPosition, "logPosition");
        if (release < 1) {
            throw new IllegalArgumentException("dyno " + dyno + " names release v" + release);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dyno " + dyno + " has port " + port);
        }
        if (consecutiveCrashes < 0) {
            throw new IllegalArgumentException("dyno " + dyno + " has a negative crash count");
        }
    }

    public DynoName dynoName() {
        return DynoName.parse(dyno);
    }

    public DynoState dynoState() {
        return DynoState.fromWireName(state);
    }

    public DynoRecord withState(DynoState next) {
        return new DynoRecord(app, dyno, release, next.wireName(), pid, pidStartTime, port, cgroupPath, logFile,
                logPosition, exitStatusFile, startedAt, consecutiveCrashes, restartAt, cycleAt);
    }

    public DynoRecord withLogPosition(LogPosition position) {
        return new DynoRecord(app, dyno, release, state, pid, pidStartTime, port, cgroupPath, logFile,
                position, exitStatusFile, startedAt, consecutiveCrashes, restartAt, cycleAt);
    }
}
