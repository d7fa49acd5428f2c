package io.dynod.supervisor.launch;

/** Why a dyno ended, as the agent reports it. */
public enum ExitReason {
    /** The command exited 0 on its own. */
    EXITED,
    /** The command exited non-zero or was killed by a signal, not at the agent's request. */
    CRASHED,
    /** The agent stopped it. */
    STOPPED,
    /** The kernel's OOM killer struck inside the dyno's cgroup: Heroku's R15. */
    MEMORY_QUOTA_EXCEEDED;

    /** Heroku's error code, or empty. */
    public String herokuCode() {
        return this == MEMORY_QUOTA_EXCEEDED ? "R15" : "";
    }
}
