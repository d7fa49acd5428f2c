package io.dynod.supervisor.release;

import java.util.Locale;

/**
 * Heroku's dyno sizes: the memory quota (R14 above it; the cgroup hard limit is twice it, R15)
 * and a CPU weight that grows with size.
 */
public enum DynoSize {
    ECO(512, 100),
    BASIC(512, 100),
    STANDARD_1X(512, 100),
    STANDARD_2X(1024, 200),
    PERFORMANCE_M(2560, 1200),
    PERFORMANCE_L(14336, 5000);

    public static final DynoSize DEFAULT = STANDARD_1X;
    private static final long MIB = 1024L * 1024;

    private final int quotaMib;
    private final int cpuWeight;

    DynoSize(int quotaMib, int cpuWeight) {
        this.quotaMib = quotaMib;
        this.cpuWeight = cpuWeight;
    }

    public long memoryQuotaBytes() {
        return quotaMib * MIB;
    }

    /** The cgroup memory hard limit: the kernel OOM-kills at twice the quota (R15). */
    public long memoryLimitBytes() {
        return 2 * memoryQuotaBytes();
    }

    /** cgroup v2 {@code cpu.weight} (1..10000; 100 is the kernel's default). */
    public int cpuWeight() {
        return cpuWeight;
    }

    /** {@code standard-2x}, as Heroku's CLI prints it lower-cased. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts Heroku's spellings in any case: {@code Standard-2X}, {@code standard-2x}, {@code eco}. */
    public static DynoSize parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (DynoSize size : values()) {
            if (size.wireName().equals(wanted)) {
                return size;
            }
        }
        throw new IllegalArgumentException("unknown dyno size '" + text + "': expected one of eco, basic, "
                + "standard-1x, standard-2x, performance-m, performance-l");
    }
}
