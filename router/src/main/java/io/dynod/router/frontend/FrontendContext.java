package io.dynod.router.frontend;

import io.dynod.router.backend.BackendPools;
import io.dynod.router.balance.ColdStarts;
import io.dynod.router.balance.LiveRoutes;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.metrics.RouterMetrics;
import io.dynod.router.table.Waker;

/**
 * What every client connection shares: settings, routes, backend pools, metrics and the drain
 * flag. One per router.
 */
public final class FrontendContext {

    final RouterConfig config;
    final LiveRoutes routes;
    final BackendPools pools;
    final RouterMetrics metrics;
    final ColdStarts coldStarts;
    final long firstByteNanos;
    final long idleNanos;
    final long quarantineNanos;
    final long timerPeriodNanos;
    private volatile boolean draining;

    public FrontendContext(RouterConfig config, LiveRoutes routes, BackendPools pools, RouterMetrics metrics) {
        this(config, routes, pools, metrics, new ColdStarts(Waker.NONE, config.maxHeldPerApp(),
                config.maxHeldBytesPerApp(), (app, nanos) -> {}));
    }

    public FrontendContext(RouterConfig config, LiveRoutes routes, BackendPools pools, RouterMetrics metrics,
            ColdStarts coldStarts) {
        this.coldStarts = coldStarts;
        this.config = config;
        this.routes = routes;
        this.pools = pools;
        this.metrics = metrics;
        this.firstByteNanos = config.firstByteTimeout().toNanos();
        this.idleNanos = config.idleTimeout().toNanos();
        this.quarantineNanos = config.quarantine().toNanos();
        this.timerPeriodNanos = Math.min(firstByteNanos, idleNanos);
    }

    public ColdStarts coldStarts() {
        return coldStarts;
    }

    public void startDraining() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }
}
