package io.dynod.supervisor.launch;

/** How a dyno ended: the shim's exit status (128+n for signal n), the classification, OOM kills. */
public record DynoExit(int status, ExitReason reason, long oomKills) {

    static DynoExit classify(int status, long oomKills, boolean stopRequested, boolean killedAfterGrace) {
        ExitReason reason;
        if (oomKills > 0) {
            reason = ExitReason.MEMORY_QUOTA_EXCEEDED;
        } else if (killedAfterGrace) {
            reason = ExitReason.EXIT_TIMEOUT;
        } else if (stopRequested) {
            reason = ExitReason.STOPPED;
        } else {
            reason = status == 0 ? ExitReason.EXITED : ExitReason.CRASHED;
        }
        return new DynoExit(status, reason, oomKills);
    }
}
