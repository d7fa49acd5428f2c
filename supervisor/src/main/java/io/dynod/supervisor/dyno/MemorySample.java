package io.dynod.supervisor.dyno;

import java.time.Instant;

/**
 * One reading of a dyno's cgroup: memory in use (rss + swap + cache, as Heroku counts for R14)
 * and the cgroup's cumulative count of OOM kills.
 */
public record MemorySample(Instant at, long usageBytes, long oomKills) {
    public MemorySample {
        if (usageBytes < 0 || oomKills < 0) {
            throw new IllegalArgumentException("memory sample values cannot be negative: usage="
                    + usageBytes + " oomKills=" + oomKills);
        }
    }
}
