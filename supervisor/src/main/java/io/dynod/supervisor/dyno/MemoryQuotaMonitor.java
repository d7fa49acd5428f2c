package io.dynod.supervisor.dyno;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a dyno's memory samples into Heroku's memory errors. While usage is above the quota it
 * logs {@code R14}, at most once per interval; when the kernel's OOM-kill count rises (the hard
 * limit is 2 × quota) it logs {@code R15}. Pure logic: the caller reads the cgroup and writes the
 * returned lines to the app log as {@code dynod[web.1]} lines.
 */
public final class MemoryQuotaMonitor {
    static final String R15 = "Error R15 (Memory quota vastly exceeded)";

    public static final Duration DEFAULT_R14_INTERVAL = Duration.ofSeconds(20);
    private static final long MIB = 1024 * 1024;

    private final long quotaBytes;
    private final Duration r14Interval;
    private long oomKillsSeen;
    private Instant lastR14;

    /**
     * @param oomKillsAtStart the cgroup's OOM-kill count when monitoring begins (0 for a fresh
     *     cgroup; the current count for a re-adopted dyno, so old kills are not reported twice)
     */
    public MemoryQuotaMonitor(long quotaBytes, Duration r14Interval, long oomKillsAtStart) {
        if (quotaBytes <= 0) {
            throw new IllegalArgumentException("memory quota must be positive, got " + quotaBytes);
        }
        if (r14Interval.isNegative()) {
            throw new IllegalArgumentException("R14 interval cannot be negative, got " + r14Interval);
        }
        this.quotaBytes = quotaBytes;
        this.r14Interval = r14Interval;
        this.oomKillsSeen = oomKillsAtStart;
    }

    /** The log messages this sample calls for, in order; empty when all is well. */
    public List<String> sample(MemorySample sample) {
        List<String> lines = new ArrayList<>(2);
        if (sample.oomKills() > oomKillsSeen) {
            oomKillsSeen = sample.oomKills();
            lines.add(processRunning(sample));
            lines.add(R15);
            return lines;
        }
        if (sample.usageBytes() > quotaBytes) {
            if (lastR14 == null || !sample.at().isBefore(lastR14.plus(r14Interval))) {
                lastR14 = sample.at();
                lines.add(processRunning(sample));
                lines.add("Error R14 (Memory quota exceeded)");
            }
        } else {
            lastR14 = null;
        }
        return lines;
    }

    private String processRunning(MemorySample sample) {
        double percent = 100.0 * sample.usageBytes() / quotaBytes;
        return String.format(Locale.ROOT, "Process running mem=%dMB(%.1f%%)", sample.usageBytes() / MIB, percent);
    }
}
