package io.dynod.supervisor.dyno;

import java.time.Duration;
import java.time.Instant;

/**
 * One dyno slot's place on the {@link RestartPolicy} ladder. The dyno manager reports when the
 * dyno came up and when it crashed; a crash after being up for the policy's stable time starts
 * the ladder over, as do a new release, a restart and scaling 0 → n ({@link #reset()}).
 * Not thread-safe: the manager drives each slot from one place.
 */
public final class CrashBackoff {
    private final RestartPolicy policy;
    private int consecutiveCrashes;
    private Instant upSince;

    CrashBackoff(RestartPolicy policy, int consecutiveCrashes) {
        if (consecutiveCrashes < 0) {
            throw new IllegalArgumentException("crash count cannot be negative: " + consecutiveCrashes);
        }
        this.policy = policy;
        this.consecutiveCrashes = consecutiveCrashes;
    }

    public void up(Instant at) {
        upSince = at;
    }

    /** Records a crash at {@code at} and returns how long to wait before the restart. */
    public Duration crashed(Instant at) {
        if (upSince != null && !Duration.between(upSince, at).minus(policy.stableAfter()).isNegative()) {
            consecutiveCrashes = 0;
        }
        upSince = null;
        consecutiveCrashes++;
        return policy.coolOff(consecutiveCrashes);
    }

    public void reset() {
        consecutiveCrashes = 0;
        upSince = null;
    }

    public int consecutiveCrashes() {
        return consecutiveCrashes;
    }
}
