package io.dynod.router;

import io.dynod.router.balance.LiveApp;
import io.dynod.router.balance.LiveRoutes;
import io.dynod.router.table.TrafficListener;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link TrafficListener} every interval which apps had traffic: a request started (held
 * ones too), a request still in flight (a long response stream), or an open WebSocket. The
 * per-request cost is one volatile flag in {@link LiveApp}.
 */
final class TrafficReport {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficReport.class);

    private TrafficReport() {}

    static void start(EventExecutor executor, LiveRoutes routes, TrafficListener listener, Duration interval) {
        if (listener == TrafficListener.NONE) {
            return;
        }
        long every = interval.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            Set<String> active = new HashSet<>();
            for (LiveApp app : routes.apps().values()) {
                if (app.takeActivity()) {
                    active.add(app.name());
                }
            }
            if (!active.isEmpty()) {
                try {
                    listener.active(Set.copyOf(active));
                } catch (RuntimeException e) {
                    LOG.warn("traffic listener failed: {}", e.toString());
                }
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }
}
