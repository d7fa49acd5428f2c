package io.dynod.supervisor.dyno;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One reading of a dyno's resources: memory in use (rss + swap + cache, as Heroku counts for R14),
 * the cgroup's cumulative count of OOM kills, and the cpu time its processes used so far (user +
 * system, nanoseconds), when the runtime can tell.
 */
public record MemorySample(Instant at, long usageBytes, long oomKills, OptionalLong cpuNanos) {
    public MemorySample {
        if (usageBytes < 0 || oomKills < 0 || cpuNanos.orElse(0) < 0) {
            throw new IllegalArgumentException("resource sample values cannot be negative: usage="
                    + usageBytes + " oomKills=" + oomKills + " cpu=" + cpuNanos);
        }
    }

    /** A reading without cpu time. */
    public MemorySample(Instant at, long usageBytes, long oomKills) {
        this(at, usageBytes, oomKills, OptionalLong.empty());
    }
}
