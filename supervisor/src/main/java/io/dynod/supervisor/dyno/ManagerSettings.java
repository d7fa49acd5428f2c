package io.dynod.supervisor.dyno;

import io.dynod.supervisor.logs.LogFileTrimmer;
import io.dynod.supervisor.release.DynoSize;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * The dyno manager's timers and policies. {@link #heroku} gives PRODUCT.md §4's defaults; tests
 * shorten them.
 *
 * @param bootTimeout a web dyno not accepting connections on {@code PORT} by then gets R10
 * @param stopGrace time between SIGTERM and SIGKILL (R12)
 * @param probeInterval how often a booting web dyno's port is tried
 * @param logPollInterval how often dyno log files are read into the app log
 * @param memorySampleInterval how often each dyno's memory is read for R14/R15
 * @param r14Interval at most one R14 per dyno per this interval
 * @param memoryQuota the memory quota of a dyno size (R14 above it)
 * @param logFileCap disk space a dyno's log file may hold before its read part is released
 * @param unrouteDelay time between a web dyno leaving {@code up} (routers stop picking it) and
 *     its SIGTERM, so requests routed to it just before still reach a dyno that serves them
 * @param dynoPorts where web dynos' ports come from (the kernel's free ports by default)
 */
public record ManagerSettings(Duration bootTimeout, Duration stopGrace, Duration probeInterval,
                              Duration logPollInterval, RestartPolicy restartPolicy, CyclePolicy cyclePolicy,
                              Duration memorySampleInterval, Duration r14Interval, ToLongFunction<DynoSize> memoryQuota,
                              long logFileCap, Duration unrouteDelay, DynoPorts dynoPorts) {
    /** Long enough for a router's view of {@code ps} to catch up; a web dyno's stop waits this long before SIGTERM. */
    public static final Duration DEFAULT_UNROUTE_DELAY = Duration.ofSeconds(1);

    public ManagerSettings {
        requirePositive(bootTimeout, "boot timeout");
        Objects.requireNonNull(stopGrace, "stop grace");
        requirePositive(probeInterval, "probe interval");
        requirePositive(logPollInterval, "log poll interval");
        Objects.requireNonNull(restartPolicy, "restart policy");
        Objects.requireNonNull(cyclePolicy, "cycle policy");
        requirePositive(memorySampleInterval, "memory sample interval");
        Objects.requireNonNull(r14Interval, "R14 interval");
        Objects.requireNonNull(memoryQuota, "memory quota");
        Objects.requireNonNull(dynoPorts, "dyno ports");
        if (unrouteDelay == null || unrouteDelay.isNegative()) {
            throw new IllegalArgumentException("unroute delay must be zero or positive, got " + unrouteDelay);
        }
    }

    public ManagerSettings(Duration bootTimeout, Duration stopGrace, Duration probeInterval, Duration logPollInterval,
                           RestartPolicy restartPolicy, CyclePolicy cyclePolicy, Duration memorySampleInterval,
                           Duration r14Interval, ToLongFunction<DynoSize> memoryQuota, long logFileCap,
                           Duration unrouteDelay) {
        this(bootTimeout, stopGrace, probeInterval, logPollInterval, restartPolicy, cyclePolicy, memorySampleInterval,
                r14Interval, memoryQuota, logFileCap, unrouteDelay, DynoPorts.kernel());
    }

    /** The Heroku memory settings: sampled every 5 s, R14 at most every 20 s, quotas by size. */
    public ManagerSettings(Duration bootTimeout, Duration stopGrace, Duration probeInterval, Duration logPollInterval,
                           RestartPolicy restartPolicy, CyclePolicy cyclePolicy) {
        this(bootTimeout, stopGrace, probeInterval, logPollInterval, restartPolicy, cyclePolicy,
                Duration.ofSeconds(5), MemoryQuotaMonitor.DEFAULT_R14_INTERVAL, DynoSize::quotaBytes,
                LogFileTrimmer.DEFAULT_CAP_BYTES, DEFAULT_UNROUTE_DELAY);
    }

    public ManagerSettings withMemory(Duration sampleInterval, Duration r14Every, ToLongFunction<DynoSize> quota) {
        return new ManagerSettings(bootTimeout, stopGrace, probeInterval, logPollInterval, restartPolicy, cyclePolicy,
                sampleInterval, r14Every, quota, logFileCap, unrouteDelay, dynoPorts);
    }

    public ManagerSettings withLogFileCap(long bytes) {
        return new ManagerSettings(bootTimeout, stopGrace, probeInterval, logPollInterval, restartPolicy, cyclePolicy,
                memorySampleInterval, r14Interval, memoryQuota, bytes, unrouteDelay, dynoPorts);
    }

    public ManagerSettings withUnrouteDelay(Duration delay) {
        return new ManagerSettings(bootTimeout, stopGrace, probeInterval, logPollInterval, restartPolicy, cyclePolicy,
                memorySampleInterval, r14Interval, memoryQuota, logFileCap, delay, dynoPorts);
    }

    public ManagerSettings withDynoPorts(DynoPorts ports) {
        return new ManagerSettings(bootTimeout, stopGrace, probeInterval, logPollInterval, restartPolicy, cyclePolicy,
                memorySampleInterval, r14Interval, memoryQuota, logFileCap, unrouteDelay, ports);
    }

    public static ManagerSettings heroku(RandomGenerator random) {
        return new ManagerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMillis(250),
                Duration.ofMillis(200), RestartPolicy.heroku(Duration.ofMinutes(1), random), CyclePolicy.heroku(random));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
