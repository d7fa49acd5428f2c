package io.dynod.router.table;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * An immutable snapshot of every app the router serves. A {@link RouteSource} publishes a new one
 * whenever dynos or domains change.
 *
 * <p>A table built whole from a list keeps the list's order. {@link #change} derives the next
 * table from this one by replacing only the apps that changed (persistent maps: O(log n) per app,
 * every other {@link AppRoute} is shared), and the derived table says which apps changed since
 * which table ({@link #delta()}), so a subscriber that applied that table can apply just those
 * apps. A derived table lists its apps by name.
 */
public final class RouteTable {

    private static final AtomicLong VERSIONS = new AtomicLong();

    /**
     * The apps that differ from the table numbered {@code baseVersion}: replaced, added or (no
     * longer in this table) removed.
     */
    public record Delta(long baseVersion, Set<String> apps) {
        public Delta {
            apps = Set.copyOf(apps);
        }
    }

    private final String baseDomain;
    private final Optional<String> defaultApp;
    private final PSortedMap<String, AppRoute> byName;
    /** Lower-case custom domain → the app it reaches. */
    private final PSortedMap<String, String> domainOwners;
    private final long version = VERSIONS.incrementAndGet();
    private final Delta delta;
    private volatile List<AppRoute> apps;

    /**
     * @param baseDomain {@code APP.<baseDomain>} reaches app {@code APP}
     * @param apps       the apps
     * @param defaultApp the app for any host that matches nothing else, or empty (then: 404)
     */
    public RouteTable(String baseDomain, List<AppRoute> apps, Optional<String> defaultApp) {
        this.baseDomain = requireNonNull(baseDomain, "baseDomain");
        this.apps = List.copyOf(apps);
        this.defaultApp = requireNonNull(defaultApp, "defaultApp");
        // built as plain sorted maps, then turned into persistent ones in linear time
        TreeMap<String, AppRoute> names = new TreeMap<>();
        TreeMap<String, String> domains = new TreeMap<>();
        for (AppRoute app : this.apps) {
            if (names.putIfAbsent(app.app(), app) != null) {
                throw new IllegalArgumentException("app: " + app.app() + " listed twice");
            }
            for (String domain : app.domains()) {
                String other = domains.putIfAbsent(domain.toLowerCase(Locale.ROOT), app.app());
                if (other != null) {
                    throw new IllegalArgumentException("domain: " + domain + " claimed by both " + other + " and "
                            + app.app());
                }
            }
        }
        if (defaultApp.isPresent() && !names.containsKey(defaultApp.get())) {
            throw new IllegalArgumentException("default app: " + defaultApp.get() + " (expected: one of the apps)");
        }
        this.byName = TreePMap.fromSortedMap(names);
        this.domainOwners = TreePMap.fromSortedMap(domains);
        this.delta = null;
    }

    private RouteTable(RouteTable base, PSortedMap<String, AppRoute> byName, PSortedMap<String, String> domainOwners,
                       Set<String> changed) {
        this.baseDomain = base.baseDomain;
        this.defaultApp = base.defaultApp;
        this.byName = byName;
        this.domainOwners = domainOwners;
        this.delta = new Delta(base.version, changed);
    }

    public static RouteTable empty(String baseDomain) {
        return new RouteTable(baseDomain, List.of(), Optional.empty());
    }

    /**
     * This table with {@code upserted} apps added or put in place of the app of the same name, and
     * the {@code removed} apps gone; the result is checked like a whole table (no app twice, no
     * domain claimed by two apps), but in time proportional to the changed apps only.
     *
     * @throws IllegalArgumentException when the result would not be a valid table, or the default
     *                                  app would be removed
     */
    public RouteTable change(Collection<AppRoute> upserted, Collection<String> removed) {
        PSortedMap<String, AppRoute> names = byName;
        PSortedMap<String, String> domains = domainOwners;
        Set<String> changed = new HashSet<>();
        for (String name : removed) {
            AppRoute old = names.get(name);
            if (old != null) {
                domains = release(domains, old);
                names = names.minus(name);
                changed.add(name);
            }
        }
        for (AppRoute app : upserted) {
            if (!changed.add(app.app())) {
                throw new IllegalArgumentException("app: " + app.app() + " changed twice in one change");
            }
            AppRoute old = names.get(app.app());
            if (old != null) {
                domains = release(domains, old);
            }
        }
        for (AppRoute app : upserted) {
            domains = claim(domains, app);
            names = names.plus(app.app(), app);
        }
        if (defaultApp.isPresent() && !names.containsKey(defaultApp.get())) {
            throw new IllegalArgumentException("default app: " + defaultApp.get() + " cannot be removed");
        }
        return new RouteTable(this, names, domains, changed);
    }

    private static PSortedMap<String, String> claim(PSortedMap<String, String> domains, AppRoute app) {
        for (String domain : app.domains()) {
            String lower = domain.toLowerCase(Locale.ROOT);
            String other = domains.get(lower);
            if (other != null) {
                throw new IllegalArgumentException("domain: " + domain + " claimed by both " + other + " and "
                        + app.app());
            }
            domains = domains.plus(lower, app.app());
        }
        return domains;
    }

    private static PSortedMap<String, String> release(PSortedMap<String, String> domains, AppRoute app) {
        for (String domain : app.domains()) {
            domains = domains.minus(domain.toLowerCase(Locale.ROOT));
        }
        return domains;
    }

    public String baseDomain() {
        return baseDomain;
    }

    /** The apps: in the order given for a table built whole, by name for a derived one. */
    public List<AppRoute> apps() {
        List<AppRoute> list = apps;
        if (list == null) {
            list = List.copyOf(byName.values()); // once per derived table, and only if asked
            apps = list;
        }
        return list;
    }

    public Optional<String> defaultApp() {
        return defaultApp;
    }

    /** The app named {@code name}, or null; O(log n). */
    public AppRoute app(String name) {
        return byName.get(name);
    }

    /** Unique per table, so a subscriber can tell whether a {@link #delta()} starts from the table it has. */
    public long version() {
        return version;
    }

    /** What changed since the table this one was derived from; empty for a table built whole. */
    public Optional<Delta> delta() {
        return Optional.ofNullable(delta);
    }

    /** Equal when base domain, apps (in {@link #apps()} order) and default app are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RouteTable other && baseDomain.equals(other.baseDomain)
                && defaultApp.equals(other.defaultApp) && apps().equals(other.apps());
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseDomain, apps(), defaultApp);
    }

    @Override
    public String toString() {
        return "RouteTable[baseDomain=" + baseDomain + ", apps=" + apps() + ", defaultApp=" + defaultApp + "]";
    }
}
