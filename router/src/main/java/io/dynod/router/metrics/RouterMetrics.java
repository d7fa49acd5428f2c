package io.dynod.router.metrics;

import io.dynod.router.errors.HerokuError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The router's counters and latency histograms. The hot path only touches {@link LongAdder}s and
 * HdrHistogram {@link Recorder}s; {@link #snapshot()} flips the recorders and must run on a
 * reporter thread, never on an event loop ({@code WriterReaderPhaser.flipPhase} may wait for
 * writers).
 */
public final class RouterMetrics {

    /** Label used for requests that reached no app (unknown host, malformed request). */
    public static final String NO_APP = "-";

    private static final long MAX_TRACKED_NANOS = 3_600_000_000_000L;

    private final Map<String, AppMetrics> apps = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder connectFailures = new LongAdder();
    private volatile Gauges gauges = new Gauges(() -> 0, () -> 0, a -> 0);
    private volatile Supplier<Optional<Instant>> routesStaleSince = Optional::empty;
    private volatile Supplier<Map<String, Integer>> held = Map::of;
    private final Map<String, Histogram> wakes = new ConcurrentHashMap<>();

    /** Counters and latency of one app; the cumulative histogram is touched by the reporter only. */
    static final class AppMetrics {
        final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        final Recorder recorder = new Recorder(MAX_TRACKED_NANOS, 3);
        final Histogram total = new Histogram(MAX_TRACKED_NANOS, 3);
        Histogram interval;
    }

    /** Values read at snapshot time: pool sizes and per-app in-flight requests. */
    public record Gauges(IntSupplier openBackendConnections, IntSupplier idleBackendConnections,
            ToIntFunction<String> appInFlight) {}

    public void setGauges(Gauges gauges) {
        this.gauges = gauges;
    }

    /** Where {@code dynod_router_routes_stale_seconds} comes from (the route source). */
    public void setRoutesStaleSince(Supplier<Optional<Instant>> staleSince) {
        this.routesStaleSince = staleSince;
    }

    public void recordRequest(String app, int status, HerokuError error, long nanos) {
        AppMetrics m = apps.computeIfAbsent(app == null ? NO_APP : app, a -> new AppMetrics());
        m.byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        m.recorder.recordValue(Math.min(Math.max(nanos, 0), MAX_TRACKED_NANOS));
        if (error != null && !error.code().isEmpty()) {
            errors.computeIfAbsent(error.code(), c -> new LongAdder()).increment();
        }
    }

    /** Requests held for a cold start, per app, read at snapshot time. */
    public void setHeld(Supplier<Map<String, Integer>> held) {
        this.held = held;
    }

    /** One wake of {@code app}: from its first held request until a dyno was up. */
    public void recordWake(String app, long nanos) {
        Histogram h = wakes.computeIfAbsent(app, a -> new Histogram(MAX_TRACKED_NANOS, 3));
        synchronized (h) {
            h.recordValue(Math.min(Math.max(nanos, 0), MAX_TRACKED_NANOS));
        }
    }

    public long wakes(String app) {
        Histogram h = wakes.get(app);
        if (h == null) {
            return 0;
        }
        synchronized (h) {
            return h.getTotalCount();
        }
    }

    public void recordConnectFailure() {
        connectFailures.increment();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    public long requests(String app, int status) {
        AppMetrics m = apps.get(app);
        LongAdder a = m == null ? null : m.byStatus.get(status);
        return a == null ? 0 : a.sum();
    }

    public long errors(String code) {
        LongAdder a = errors.get(code);
        return a == null ? 0 : a.sum();
    }

    /** Folds the recorders into the cumulative histograms and renders everything as Prometheus text. */
    public synchronized String snapshot() {
        StringBuilder out = new StringBuilder(4096);
        Map<String, AppMetrics> sorted = new TreeMap<>(apps);
        out.append("# HELP dynod_router_requests_total Requests by app and status.\n");
        out.append("# TYPE dynod_router_requests_total counter\n");
        sorted.forEach((app, m) -> new TreeMap<>(m.byStatus).forEach((status, n) -> out
                .append("dynod_router_requests_total{app=\"").append(PrometheusText.label(app))
                .append("\",status=\"").append(status).append("\"} ").append(n.sum()).append('\n')));
        out.append("# HELP dynod_router_request_duration_seconds Time from request head to end of response.\n");
        out.append("# TYPE dynod_router_request_duration_seconds summary\n");
        sorted.forEach((app, m) -> {
            m.interval = m.recorder.getIntervalHistogram(m.interval);
            m.total.add(m.interval);
            PrometheusText.summary(out, "dynod_router_request_duration_seconds", "app", app, m.total);
        });
        out.append("# HELP dynod_router_errors_total Router errors by Heroku code.\n");
        out.append("# TYPE dynod_router_errors_total counter\n");
        new TreeMap<>(errors).forEach((code, n) -> out.append("dynod_router_errors_total{code=\"").append(code)
                .append("\"} ").append(n.sum()).append('\n'));
        out.append("# TYPE dynod_router_connect_failures_total counter\n");
        out.append("dynod_router_connect_failures_total ").append(connectFailures.sum()).append('\n');
        Gauges g = gauges;
        out.append("# HELP dynod_router_in_flight Requests in flight per app.\n");
        out.append("# TYPE dynod_router_in_flight gauge\n");
        sorted.keySet().stream().filter(a -> !a.equals(NO_APP)).forEach(app -> out
                .append("dynod_router_in_flight{app=\"").append(PrometheusText.label(app)).append("\"} ")
                .append(g.appInFlight().applyAsInt(app)).append('\n'));
        out.append("# HELP dynod_router_held_requests Requests waiting for their app to wake, per app.\n");
        out.append("# TYPE dynod_router_held_requests gauge\n");
        new TreeMap<>(held.get()).forEach((app, n) -> out
                .append("dynod_router_held_requests{app=\"").append(PrometheusText.label(app)).append("\"} ")
                .append(n).append('\n'));
        out.append("# HELP dynod_router_wake_duration_seconds From an app's first held request to its first up dyno.\n");
        out.append("# TYPE dynod_router_wake_duration_seconds summary\n");
        new TreeMap<>(wakes).forEach((app, h) -> {
            synchronized (h) {
                PrometheusText.summary(out, "dynod_router_wake_duration_seconds", "app", app, h);
            }
        });
        out.append("# HELP dynod_router_backend_connections Connections to dynos, open and idle in the pools.\n");
        out.append("# TYPE dynod_router_backend_connections gauge\n");
        out.append("dynod_router_backend_connections{state=\"open\"} ")
                .append(g.openBackendConnections().getAsInt()).append('\n');
        out.append("dynod_router_backend_connections{state=\"idle\"} ")
                .append(g.idleBackendConnections().getAsInt()).append('\n');
        out.append("# HELP dynod_router_routes_stale_seconds How long the route table has not followed its source "
                + "(etcd out of reach); 0 while current.\n");
        out.append("# TYPE dynod_router_routes_stale_seconds gauge\n");
        out.append("dynod_router_routes_stale_seconds ").append(routesStaleSince.get()
                .map(since -> Math.max(0, Duration.between(since, Instant.now()).toMillis()) / 1000.0).orElse(0.0))
                .append('\n');
        return out.toString();
    }
}
