package io.dynod.router.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.Keys;
import io.dynod.cluster.PrefixWatcher;
import io.dynod.cluster.RangeResult;
import io.dynod.cluster.WatchEvent;
import io.dynod.router.table.RouteSource;
import io.dynod.router.table.RouteTable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes from etcd, for a router of a multi-host fleet: app records under {@code /dynod/v1/apps/}
 * (domains, sleep state; one per agent running the app, merged) and dyno endpoints under
 * {@code /dynod/v1/dynos/}, each mirrored by a
 * {@link PrefixWatcher} (one read, then a watch from the next revision, resumed without loss).
 * Every change is applied to an {@link EtcdRouteMirror}, which rebuilds only the apps it touches,
 * and the new {@link RouteTable} goes to the subscribers; only {@code up} dynos receive traffic.
 * While etcd is out of reach the last table stays in service,
 * {@link #staleSince()} says since when, and that is logged once per outage.
 */
public final class EtcdRouteSource implements RouteSource {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdRouteSource.class);

    private final PrefixWatcher appsWatcher;
    private final PrefixWatcher dynosWatcher;
    private final List<Consumer<RouteTable>> listeners = new CopyOnWriteArrayList<>();
    /** Mirror of etcd; touched only under this object's lock. */
    private final EtcdRouteMirror mirror;
    private volatile RouteTable current;
    private Instant outageLogged;

    public EtcdRouteSource(Vertx vertx, EtcdClient etcd, String baseDomain) {
        this.mirror = new EtcdRouteMirror(baseDomain);
        this.current = mirror.table();
        this.appsWatcher = new PrefixWatcher(vertx, etcd, Keys.APPS, new Mirror(Keys.APPS));
        this.dynosWatcher = new PrefixWatcher(vertx, etcd, Keys.DYNOS, new Mirror(Keys.DYNOS));
    }

    /** Starts reading etcd; subscribers get the first table once both prefixes have been read. */
    public EtcdRouteSource start() {
        appsWatcher.start();
        dynosWatcher.start();
        return this;
    }

    @Override
    public void subscribe(Consumer<RouteTable> listener) {
        requireNonNull(listener, "listener");
        synchronized (this) { // under the lock, so no newer table can reach it before this one
            listeners.add(listener);
            if (mirror.ready()) {
                listener.accept(current);
            }
        }
    }

    /** The table now in service (empty until etcd was first read). */
    public RouteTable current() {
        return current;
    }

    /** Since when the table may be out of date because etcd is out of reach; empty while live. */
    @Override
    public Optional<Instant> staleSince() {
        Optional<Instant> a = appsWatcher.staleSince();
        Optional<Instant> d = dynosWatcher.staleSince();
        if (a.isPresent() && d.isPresent()) {
            return Optional.of(a.get().isBefore(d.get()) ? a.get() : d.get());
        }
        return a.isPresent() ? a : d;
    }

    /**
     * Whether {@code app} has app records in etcd and none of them counts a web dyno (it runs
     * workers only): nothing to wake, H14 at once.
     */
    public synchronized boolean withoutWebDynos(String app) {
        return mirror.withoutWebDynos(app);
    }

    /** Whether etcd's app record says {@code app} is asleep. */
    public synchronized boolean sleeping(String app) {
        return mirror.sleeping(app);
    }

    @Override
    public void close() {
        appsWatcher.close();
        dynosWatcher.close();
    }

    /** Applies one prefix's snapshots and events to the mirror. */
    private final class Mirror implements PrefixWatcher.Listener {
        private final String prefix;

        Mirror(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void onSnapshot(RangeResult snapshot) {
            synchronized (EtcdRouteSource.this) {
                mirror.replace(prefix, snapshot.kvs());
                publish();
            }
        }

        @Override
        public void onEvent(WatchEvent event) {
            synchronized (EtcdRouteSource.this) {
                mirror.apply(event);
                publish();
            }
        }

        @Override
        public void onStale(Instant since) {
            synchronized (EtcdRouteSource.this) {
                if (outageLogged != null) {
                    return;
                }
                outageLogged = since;
            }
            LOG.warn("etcd out of reach since {}: serving the last route table ({} apps) until it is back",
                    since, current.apps().size());
        }

        @Override
        public void onLive() {
            Instant since;
            synchronized (EtcdRouteSource.this) {
                since = outageLogged;
                if (since == null || staleSince().isPresent()) {
                    return;
                }
                outageLogged = null;
            }
            LOG.info("etcd reachable again after {} ms; routes follow it again",
                    Duration.between(since, Instant.now()).toMillis());
        }
    }

    /** Hands a changed table to the subscribers; under the lock, so they see tables in etcd's order. */
    private void publish() {
        RouteTable table = mirror.table();
        if (!mirror.ready() || table == current) {
            return;
        }
        current = table;
        for (Consumer<RouteTable> listener : listeners) {
            listener.accept(table);
        }
    }
}
