package io.dynod.supervisor.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.Keys;
import io.dynod.cluster.PrefixWatcher;
import io.dynod.cluster.RangeResult;
import io.dynod.cluster.WatchEvent;
import io.dynod.supervisor.dyno.AppTraffic;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the agent's {@link AppTraffic} from the routers of a fleet: each router puts
 * {@code /dynod/v1/traffic/<app>/<router>} once per report interval for the apps that had traffic
 * there, and every such put counts as traffic now (the agent's clock, never the router's). Marks
 * that stand from before this agent started are not traffic. While etcd is out of reach nobody's
 * traffic can be seen, so every app of this agent counts as active until the watch is back: an
 * outage never puts a serving app to sleep.
 */
public final class EtcdTrafficWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdTrafficWatcher.class);
    static final Duration BLIND_TICK = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final AppTraffic traffic;
    private final Supplier<Collection<String>> localApps;
    private final PrefixWatcher watcher;
    private long blindTimer = -1;

    /** @param localApps the apps this agent runs (they count as active while etcd is away) */
    public EtcdTrafficWatcher(Vertx vertx, EtcdClient etcd, AppTraffic traffic, Supplier<Collection<String>> localApps) {
        this.vertx = requireNonNull(vertx, "vertx");
        this.traffic = requireNonNull(traffic, "traffic");
        this.localApps = requireNonNull(localApps, "localApps");
        this.watcher = new PrefixWatcher(vertx, etcd, Keys.TRAFFIC, new PrefixWatcher.Listener() {
            @Override
            public void onSnapshot(RangeResult snapshot) {
                // marks that stand already tell of traffic at some earlier time: not now
            }

            @Override
            public void onEvent(WatchEvent event) {
                if (event.type() == WatchEvent.Type.PUT) {
                    Keys.parseTraffic(event.key()).ifPresent(mark -> traffic.active(List.of(mark.app())));
                }
            }

            @Override
            public void onStale(Instant since) {
                if (blindTimer == -1) {
                    LOG.warn("etcd out of reach since {}: routers' traffic is unknown, so no app of this agent sleeps "
                            + "until it is back", since);
                    everyAppActive();
                    blindTimer = vertx.setPeriodic(BLIND_TICK.toMillis(), id -> everyAppActive());
                }
            }

            @Override
            public void onLive() {
                if (blindTimer != -1) {
                    vertx.cancelTimer(blindTimer);
                    blindTimer = -1;
                    everyAppActive(); // a full idle period from now, as routers report again
                    LOG.info("routers' traffic reaches this agent through etcd again");
                }
            }
        });
    }

    public void start() {
        watcher.start();
    }

    public void close() {
        watcher.close();
        if (blindTimer != -1) {
            vertx.cancelTimer(blindTimer);
        }
    }

    private void everyAppActive() {
        traffic.active(localApps.get());
    }
}
