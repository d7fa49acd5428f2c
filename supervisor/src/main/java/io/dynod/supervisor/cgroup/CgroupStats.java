package io.dynod.supervisor.cgroup;

/** A snapshot of one leaf: memory charged (incl. cache), anonymous memory (rss), cpu time, processes. */
public record CgroupStats(long memoryBytes, long rssBytes, long cpuUsageNanos, long pids) {
    public static final CgroupStats NONE = new CgroupStats(0, 0, 0, 0);
}
