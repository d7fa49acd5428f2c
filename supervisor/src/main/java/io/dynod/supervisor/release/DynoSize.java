package io.dynod.supervisor.release;

import io.dynod.supervisor.cgroup.CgroupLimits;
import java.util.List;
import java.util.Locale;

/**
 * A dyno size as Heroku sells it (PRODUCT.md §3): memory quota, cpu weight (v2 units, 100 per
 * "1x" of compute) and the process+thread limit. The cgroup hard limit is twice the quota (the
 * R15 line); pids.max adds the launch chain's own processes (shim, unshare, tini).
 */
public record DynoSize(String name, long quotaBytes, int cpuWeight, int maxProcesses) {
    private static final long MB = 1024L * 1024;

    /** Processes of the launch chain that live in the dyno's cgroup next to the app. */
    public static final int CHAIN_PROCESSES = 3;

    public static final DynoSize ECO = new DynoSize("eco", 512 * MB, 100, 256);
    public static final DynoSize BASIC = new DynoSize("basic", 512 * MB, 100, 256);
    public static final DynoSize STANDARD_1X = new DynoSize("standard-1x", 512 * MB, 100, 256);
    public static final DynoSize STANDARD_2X = new DynoSize("standard-2x", 1024 * MB, 200, 512);
    public static final DynoSize PERFORMANCE_M = new DynoSize("performance-m", 2560 * MB, 1200, 16384);
    public static final DynoSize PERFORMANCE_L = new DynoSize("performance-l", 14336 * MB, 5000, 32768);

    /** The size of a process type whose formation names none, as on Heroku's paid tiers. */
    public static final DynoSize DEFAULT = STANDARD_1X;

    public static final List<DynoSize> STANDARD_SIZES =
            List.of(ECO, BASIC, STANDARD_1X, STANDARD_2X, PERFORMANCE_M, PERFORMANCE_L);

    public DynoSize {
        if (quotaBytes <= 0 || maxProcesses <= 0) {
            throw new IllegalArgumentException("dyno size " + name + " needs a positive quota and process limit");
        }
    }

    /** Heroku's names, case-insensitive ({@code Standard-2X}, {@code standard-2x}). */
    public static DynoSize named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return STANDARD_SIZES.stream().filter(s -> s.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dyno size '" + name + "'; known: "
                        + STANDARD_SIZES.stream().map(DynoSize::name).toList()));
    }

    public long hardLimitBytes() {
        return 2 * quotaBytes;
    }

    public CgroupLimits limits() {
        return new CgroupLimits(hardLimitBytes(), cpuWeight, maxProcesses + CHAIN_PROCESSES);
    }
}
