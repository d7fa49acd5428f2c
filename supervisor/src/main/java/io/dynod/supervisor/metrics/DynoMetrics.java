package io.dynod.supervisor.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The dyno manager's numbers for {@code /metrics}: launch time (asking the runtime to start a
 * dyno) and boot time (start until up) as HdrHistograms, and per dyno its restarts and last
 * memory and cpu-time readings (cpu only where the runtime can measure it). Recording is
 * lock-free; {@link #prometheusText()} reads a consistent snapshot.
 */
public final class DynoMetrics {
    private static final long MAX_NANOS = Duration.ofHours(1).toNanos();
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 1.0};

    private final Recorder launch = new Recorder(MAX_NANOS, 3);
    private final Recorder boot = new Recorder(MAX_NANOS, 3);
    private final Histogram launchTotal = new Histogram(MAX_NANOS, 3);
    private final Histogram bootTotal = new Histogram(MAX_NANOS, 3);
    private final Map<String, DynoCounters> dynos = new ConcurrentHashMap<>();

    private static final class DynoCounters {
        volatile long restarts;
        volatile long memoryBytes;
        /** Cpu time of the dyno's current process so far; -1 until a runtime reports one. */
        volatile long cpuNanos = -1;
    }

    public void launched(Duration took) {
        launch.recordValue(clamp(took));
    }

    public void booted(Duration took) {
        boot.recordValue(clamp(took));
    }

    public void restarted(String app, String dyno) {
        counters(app, dyno).restarts++;
    }

    public void memory(String app, String dyno, long bytes) {
        counters(app, dyno).memoryBytes = bytes;
    }

    /** Cpu time (user + system) the dyno's current process has used so far; a restart starts it again at 0. */
    public void cpu(String app, String dyno, long nanos) {
        counters(app, dyno).cpuNanos = nanos;
    }

    public void forget(String app, String dyno) {
        dynos.remove(app + "\0" + dyno);
    }

    public synchronized Histogram launchTimes() {
        launchTotal.add(launch.getIntervalHistogram());
        return launchTotal.copy();
    }

    public synchronized Histogram bootTimes() {
        bootTotal.add(boot.getIntervalHistogram());
        return bootTotal.copy();
    }

    /** Prometheus text exposition: summaries in seconds, per-dyno gauges and counters. */
    public String prometheusText() {
        StringBuilder out = new StringBuilder();
        summary(out, "dynod_dyno_launch_seconds", "Time to start a dyno process", launchTimes());
        summary(out, "dynod_dyno_boot_seconds", "Time from start until a dyno is up", bootTimes());
        Map<String, DynoCounters> sorted = new TreeMap<>(dynos);
        out.append("# HELP dynod_dyno_restarts_total Restarts of a dyno (crash, cycling, release, restart)\n")
                .append("# TYPE dynod_dyno_restarts_total counter\n");
        sorted.forEach((key, c) -> out.append("dynod_dyno_restarts_total").append(labels(key)).append(' ')
                .append(c.restarts).append('\n'));
        out.append("# HELP dynod_dyno_memory_bytes Memory in use at the last sample\n")
                .append("# TYPE dynod_dyno_memory_bytes gauge\n");
        sorted.forEach((key, c) -> out.append("dynod_dyno_memory_bytes").append(labels(key)).append(' ')
                .append(c.memoryBytes).append('\n'));
        out.append("# HELP dynod_dyno_cpu_seconds_total Cpu time (user + system) used by the dyno's current process\n")
                .append("# TYPE dynod_dyno_cpu_seconds_total counter\n");
        sorted.forEach((key, c) -> {
            long cpu = c.cpuNanos;
            if (cpu >= 0) {
                out.append("dynod_dyno_cpu_seconds_total").append(labels(key)).append(' ').append(seconds(cpu)).append('\n');
            }
        });
        return out.toString();
    }

    private DynoCounters counters(String app, String dyno) {
        return dynos.computeIfAbsent(app + "\0" + dyno, k -> new DynoCounters());
    }

    private static String labels(String key) {
        int split = key.indexOf('\0');
        // app and dyno names are validated ([a-z0-9-], type.N): nothing to escape
        return "{app=\"" + key.substring(0, split) + "\",dyno=\"" + key.substring(split + 1) + "\"}";
    }

    private static void summary(StringBuilder out, String name, String help, Histogram h) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" summary\n");
        for (double q : QUANTILES) {
            long nanos = h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q * 100);
            out.append(name).append("{quantile=\"").append(q).append("\"} ").append(seconds(nanos)).append('\n');
        }
        double sum = 0;
        for (var v : h.recordedValues()) {
            sum += v.getValueIteratedTo() * (double) v.getCountAddedInThisIterationStep();
        }
        out.append(name).append("_sum ").append(seconds((long) sum)).append('\n')
                .append(name).append("_count ").append(h.getTotalCount()).append('\n');
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static long clamp(Duration d) {
        return Math.max(0, Math.min(MAX_NANOS, d.toNanos()));
    }
}
