package io.dynod.router.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.WatchEvent;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app records (merged per app, {@link AppRecords}) and dyno entries read from etcd, and the {@link RouteTable} they make. A
 * snapshot of a prefix rebuilds the table whole; a watch event rebuilds only the {@link AppRoute}s
 * it touches (its app, and the apps whose domain claims it moves) and derives the next table from
 * the last one ({@link RouteTable#change}), so the cost of a change does not grow with the fleet.
 * Only up web dynos with a port receive traffic; a domain claimed by two apps goes to the first by
 * name (logged). Not thread-safe: {@link EtcdRouteSource} calls it under its lock.
 */
final class EtcdRouteMirror {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdRouteMirror.class);

    private final String baseDomain;
    private final AppRecords apps = new AppRecords();
    private final Map<String, TreeMap<String, DynoEntry>> dynos = new HashMap<>();
    /** Lower-case domain → the apps whose records claim it, by name; the first one gets it. */
    private final Map<String, TreeSet<String>> claims = new HashMap<>();
    private final Set<String> loaded = new HashSet<>();
    private RouteTable table;

    EtcdRouteMirror(String baseDomain) {
        this.baseDomain = requireNonNull(baseDomain, "baseDomain");
        this.table = RouteTable.empty(baseDomain);
    }

    /** Whether both prefixes have been read, so {@link #table()} shows etcd. */
    boolean ready() {
        return loaded.size() == 2;
    }

    RouteTable table() {
        return table;
    }

    boolean sleeping(String app) {
        AppEntry entry = apps.get(app);
        return entry != null && entry.sleeping();
    }

    /** Whether the agents that run {@code app} run no web dyno of it (their records say so). */
    boolean withoutWebDynos(String app) {
        AppEntry entry = apps.get(app);
        return entry != null && entry.webDynos() == 0;
    }

    /** Replaces everything known under {@code prefix} ({@link Keys#APPS} or {@link Keys#DYNOS}). */
    void replace(String prefix, List<KeyValue> kvs) {
        if (prefix.equals(Keys.APPS)) {
            apps.clear();
            claims.clear();
        } else {
            dynos.clear();
        }
        for (KeyValue kv : kvs) {
            put(kv);
        }
        loaded.add(prefix);
        if (ready()) {
            table = build();
        }
    }

    /** Applies one change; the table changes only in the apps it touches. */
    void apply(WatchEvent event) {
        Set<String> touched = event.type() == WatchEvent.Type.PUT ? put(event.kv()) : delete(event.key());
        if (!ready() || touched.isEmpty()) {
            return; // the table is built whole once both prefixes are read
        }
        List<AppRoute> upserted = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        for (String app : touched) {
            AppRoute route = routeOf(app);
            if (route != null) {
                upserted.add(route);
            } else if (table.app(app) != null) {
                removed.add(app);
            }
        }
        table = table.change(upserted, removed);
    }

    /** Stores one record; returns the apps whose routes it may change (none for an unknown key). */
    private Set<String> put(KeyValue kv) {
        try {
            Optional<Keys.RecordKey> record = Keys.parseAppRecord(kv.key());
            if (record.isPresent()) {
                return setRecord(record.get(), AppEntry.parse(kv.key(), kv.value()));
            }
            Optional<Keys.DynoKey> dyno = Keys.parseDyno(kv.key());
            if (dyno.isPresent()) {
                dynos.computeIfAbsent(dyno.get().app(), a -> new TreeMap<>())
                        .put(dyno.get().dyno(), DynoEntry.parse(kv.key(), kv.value()));
                return Set.of(dyno.get().app());
            }
            LOG.warn("ignoring etcd key {}: not an app or dyno key", kv.key());
            return Set.of();
        } catch (IllegalArgumentException e) {
            // a record this router cannot read must not take the others down with it
            LOG.warn("ignoring etcd record at revision {}: {}", kv.modRevision(), e.getMessage());
            return delete(kv.key());
        }
    }

    private Set<String> delete(String key) {
        Optional<Keys.RecordKey> record = Keys.parseAppRecord(key);
        if (record.isPresent()) {
            return setRecord(record.get(), null);
        }
        Optional<Keys.DynoKey> dyno = Keys.parseDyno(key);
        if (dyno.isPresent()) {
            Map<String, DynoEntry> ofApp = dynos.get(dyno.get().app());
            if (ofApp != null) {
                ofApp.remove(dyno.get().dyno());
                if (ofApp.isEmpty()) {
                    dynos.remove(dyno.get().app());
                }
            }
            return Set.of(dyno.get().app());
        }
        return Set.of();
    }

    /**
     * Sets (or with null removes) one writer's record of an app; returns the apps whose domains or
     * state it moves (the app, and apps that may win or lose one of its domains).
     */
    private Set<String> setRecord(Keys.RecordKey key, AppEntry entry) {
        String app = key.app();
        Set<String> touched = new HashSet<>();
        touched.add(app);
        AppEntry old = apps.get(app);
        if (entry == null) {
            apps.remove(key);
        } else {
            apps.put(key, entry);
        }
        AppEntry merged = apps.get(app);
        Set<String> before = old == null ? Set.of() : lowerCase(old.domains());
        Set<String> after = merged == null ? Set.of() : lowerCase(merged.domains());
        for (String domain : before) {
            if (!after.contains(domain)) {
                TreeSet<String> claimants = claims.get(domain);
                if (claimants != null) {
                    claimants.remove(app);
                    if (claimants.isEmpty()) {
                        claims.remove(domain);
                    } else {
                        touched.add(claimants.first()); // may inherit the domain
                    }
                }
            }
        }
        for (String domain : after) {
            TreeSet<String> claimants = claims.computeIfAbsent(domain, d -> new TreeSet<>());
            String ownerBefore = claimants.isEmpty() ? null : claimants.first();
            if (claimants.add(app) && ownerBefore != null) {
                touched.add(ownerBefore); // may lose the domain
                LOG.warn("domain {} is claimed by apps {}; it goes to {}", domain, claimants, claimants.first());
            }
        }
        return touched;
    }

    private static Set<String> lowerCase(List<String> domains) {
        Set<String> out = new HashSet<>();
        for (String domain : domains) {
            out.add(domain.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** The whole mirror as a table, apps by name. */
    private RouteTable build() {
        Set<String> names = new TreeSet<>(apps.apps());
        names.addAll(dynos.keySet());
        List<AppRoute> routes = new ArrayList<>(names.size());
        for (String app : names) {
            routes.add(routeOf(app));
        }
        return new RouteTable(baseDomain, routes, Optional.empty());
    }

    /** What the router needs of {@code app}, or null when etcd knows nothing of it. */
    private AppRoute routeOf(String app) {
        AppEntry entry = apps.get(app);
        Map<String, DynoEntry> ofApp = dynos.get(app);
        if (entry == null && ofApp == null) {
            return null;
        }
        List<String> domains = new ArrayList<>();
        if (entry != null) {
            for (String domain : entry.domains()) {
                String lower = domain.toLowerCase(Locale.ROOT);
                if (claims.get(lower).first().equals(app) && !domains.contains(lower)) {
                    domains.add(lower);
                }
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        if (ofApp != null) {
            ofApp.forEach((dyno, d) -> {
                if (d.port() > 0 && dyno.startsWith("web.")) {
                    endpoints.add(new Endpoint(dyno, d.host(), d.port(), d.isUp()));
                }
            });
        }
        return new AppRoute(app, domains, endpoints);
    }
}
