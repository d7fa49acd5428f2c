package io.dynod.supervisor.launch;

/** Why a dyno ended, as the agent reports it. */
public enum ExitReason {
    /** The command exited 0 on its own. */
    EXITED,
    /** The command exited non-zero or was killed by a signal, not at the agent's request. */
    CRASHED,
    /** The agent stopped it and it exited within the grace time. */
    STOPPED,
    /** The agent stopped it, it outlived the grace time and was killed: Heroku's R12 (exit timeout). */
    EXIT_TIMEOUT,
    /** The kernel's OOM killer struck inside the dyno's cgroup: Heroku's R15. */
    MEMORY_QUOTA_EXCEEDED;

    /** Heroku's error code, or empty. */
    public String herokuCode() {
        return switch (this) {
            case MEMORY_QUOTA_EXCEEDED -> "R15";
            case EXIT_TIMEOUT -> "R12";
            default -> "";
        };
    }
}
