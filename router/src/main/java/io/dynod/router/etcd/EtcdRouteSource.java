package io.dynod.router.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.PrefixWatcher;
import io.dynod.cluster.RangeResult;
import io.dynod.cluster.WatchEvent;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteSource;
import io.dynod.router.table.RouteTable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes from etcd, for a router of a multi-host fleet: app records under {@code /dynod/v1/apps/}
 * (domains, sleep state; one per agent running the app, merged) and dyno endpoints under {@code /dynod/v1/dynos/}, each mirrored by a
 * {@link PrefixWatcher} (one read, then a watch from the next revision, resumed without loss).
 * Every change is applied to the mirror and a new {@link RouteTable} goes to the subscribers; only
 * {@code up} dynos receive traffic. While etcd is out of reach the last table stays in service,
 * {@link #staleSince()} says since when, and that is logged once per outage.
 */
public final class EtcdRouteSource implements RouteSource {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdRouteSource.class);

    private final String baseDomain;
    private final PrefixWatcher appsWatcher;
    private final PrefixWatcher dynosWatcher;
    private final List<Consumer<RouteTable>> listeners = new CopyOnWriteArrayList<>();
    /** Mirror of etcd; touched only under this object's lock. */
    private final AppRecords apps = new AppRecords();
    private final Map<String, Map<String, DynoEntry>> dynos = new HashMap<>();
    private final Set<String> loaded = new HashSet<>();
    private volatile RouteTable current;
    private Instant outageLogged;

    public EtcdRouteSource(Vertx vertx, EtcdClient etcd, String baseDomain) {
        this.baseDomain = requireNonNull(baseDomain, "baseDomain");
        this.current = RouteTable.empty(baseDomain);
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
            if (loaded.size() == 2) {
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

    /** Whether etcd's app record says {@code app} is asleep. */
    public synchronized boolean sleeping(String app) {
        AppEntry entry = apps.get(app);
        return entry != null && entry.sleeping();
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
                if (prefix.equals(Keys.APPS)) {
                    apps.clear();
                } else {
                    dynos.clear();
                }
                for (KeyValue kv : snapshot.kvs()) {
                    put(kv);
                }
                loaded.add(prefix);
            }
            publish();
        }

        @Override
        public void onEvent(WatchEvent event) {
            synchronized (EtcdRouteSource.this) {
                if (event.type() == WatchEvent.Type.PUT) {
                    put(event.kv());
                } else {
                    delete(event.key());
                }
            }
            publish();
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

    private void put(KeyValue kv) {
        try {
            Optional<Keys.RecordKey> app = Keys.parseAppRecord(kv.key());
            if (app.isPresent()) {
                apps.put(app.get(), AppEntry.parse(kv.key(), kv.value()));
                return;
            }
            Optional<Keys.DynoKey> dyno = Keys.parseDyno(kv.key());
            if (dyno.isPresent()) {
                dynos.computeIfAbsent(dyno.get().app(), a -> new TreeMap<>())
                        .put(dyno.get().dyno(), DynoEntry.parse(kv.key(), kv.value()));
                return;
            }
            LOG.warn("ignoring etcd key {}: not an app or dyno key", kv.key());
        } catch (IllegalArgumentException e) {
            // a record this router cannot read must not take the others down with it
            LOG.warn("ignoring etcd record at revision {}: {}", kv.modRevision(), e.getMessage());
            delete(kv.key());
        }
    }

    private void delete(String key) {
        Keys.parseAppRecord(key).ifPresent(apps::remove);
        Keys.parseDyno(key).ifPresent(d -> {
            Map<String, DynoEntry> ofApp = dynos.get(d.app());
            if (ofApp != null) {
                ofApp.remove(d.dyno());
                if (ofApp.isEmpty()) {
                    dynos.remove(d.app());
                }
            }
        });
    }

    private void publish() {
        RouteTable table;
        synchronized (this) {
            if (loaded.size() < 2) {
                return;
            }
            table = build();
            current = table;
            // delivered under the lock so subscribers see tables in the order of etcd's changes
            for (Consumer<RouteTable> listener : listeners) {
                listener.accept(table);
            }
        }
    }

    /** The mirror as a table; a domain claimed by two apps goes to the first by name (logged). */
    private RouteTable build() {
        Set<String> names = new TreeSet<>(apps.apps());
        names.addAll(dynos.keySet());
        Map<String, String> claimed = new HashMap<>();
        List<AppRoute> routes = new ArrayList<>(names.size());
        for (String app : names) {
            List<String> domains = new ArrayList<>();
            AppEntry entry = apps.get(app);
            if (entry != null) {
                for (String domain : entry.domains()) {
                    String lower = domain.toLowerCase(Locale.ROOT);
                    String owner = claimed.putIfAbsent(lower, app);
                    if (owner == null) {
                        domains.add(lower);
                    } else if (!owner.equals(app)) {
                        LOG.warn("domain {} of app {} is already claimed by app {}; ignored", lower, app, owner);
                    }
                }
            }
            List<Endpoint> endpoints = new ArrayList<>();
            dynos.getOrDefault(app, Map.of()).forEach((dyno, d) -> {
                if (d.port() > 0 && dyno.startsWith("web.")) {
                    endpoints.add(new Endpoint(dyno, d.host(), d.port(), d.isUp()));
                }
            });
            routes.add(new AppRoute(app, domains, endpoints));
        }
        return new RouteTable(baseDomain, routes, Optional.empty());
    }
}
