package io.dynod.supervisor.cgroup;

/**
 * Limits of one dyno's leaf. Weight is in cgroup v2 units (1..10000, default 100); v1 derives
 * {@code cpu.shares} from it the way systemd does.
 */
public record CgroupLimits(long memoryMaxBytes, int cpuWeight, int pidsMax) {

    public CgroupLimits {
        if (memoryMaxBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive: " + memoryMaxBytes);
        }
        if (cpuWeight < 1 || cpuWeight > 10_000) {
            throw new IllegalArgumentException("cpu weight must be 1..10000: " + cpuWeight);
        }
        if (pidsMax < 1) {
            throw new IllegalArgumentException("pids.max must be positive: " + pidsMax);
        }
    }

    /** {@code cpu.shares} for v1: weight × 1024 / 100, clamped to 2..262144. */
    public long cpuShares() {
        return Math.max(2, Math.min(262_144, cpuWeight * 1024L / 100));
    }
}
