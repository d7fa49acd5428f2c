package io.dynod.router.balance;

import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The router's live view of a {@link RouteTable}: Host header → {@link LiveApp}. Applying a new
 * table keeps the {@link LiveApp} and {@link LiveEndpoint} objects of apps and dynos that stay,
 * so in-flight counts and quarantines carry over.
 *
 * <p>A table whose {@link RouteTable#delta() delta} starts from the table applied last is applied
 * app by app: a changed app's dynos are swapped inside its {@link LiveApp}, and the host maps are
 * copied only when an app comes, goes or changes its domains. Request threads read one immutable
 * snapshot and never lock.
 */
public final class LiveRoutes {

    private record Snapshot(String dotBaseDomain, Map<String, LiveApp> byName, Map<String, LiveApp> byDomain,
            LiveApp defaultApp) {}

    private volatile Snapshot snapshot = new Snapshot(".localhost", Map.of(), Map.of(), null);
    /** The table applied last; only touched in {@link #apply}. */
    private RouteTable applied;

    /** Installs {@code table}; called from the route source's thread. */
    public synchronized void apply(RouteTable table) {
        RouteTable previous = applied;
        applied = table;
        if (previous != null && table.delta().isPresent() && table.delta().get().baseVersion() == previous.version()
                && table.baseDomain().equals(previous.baseDomain())
                && table.defaultApp().equals(previous.defaultApp())) {
            applyDelta(previous, table, table.delta().get().apps());
            return;
        }
        Snapshot old = snapshot;
        Map<String, LiveApp> byName = new HashMap<>();
        Map<String, LiveApp> byDomain = new HashMap<>();
        for (AppRoute route : table.apps()) {
            LiveApp app = update(old.byName().get(route.app()), route);
            byName.put(route.app(), app);
            for (String domain : route.domains()) {
                byDomain.put(domain.toLowerCase(Locale.ROOT), app);
            }
        }
        LiveApp defaultApp = table.defaultApp().map(byName::get).orElse(null);
        snapshot = new Snapshot("." + table.baseDomain().toLowerCase(Locale.ROOT), Map.copyOf(byName),
                Map.copyOf(byDomain), defaultApp);
    }

    private void applyDelta(RouteTable previous, RouteTable table, Set<String> changed) {
        Snapshot old = snapshot;
        Map<String, LiveApp> byName = null; // copied on the first app that comes or goes
        Map<String, LiveApp> byDomain = null; // copied on the first domain change
        for (String name : changed) {
            AppRoute before = previous.app(name);
            AppRoute after = table.app(name);
            LiveApp app = old.byName().get(name);
            if (after == null || app == null) {
                byName = byName == null ? new HashMap<>(old.byName()) : byName;
                if (after == null) {
                    byName.remove(name);
                } else {
                    app = update(null, after);
                    byName.put(name, app);
                }
            } else {
                update(app, after);
            }
            List<String> domainsBefore = before == null ? List.of() : before.domains();
            List<String> domainsAfter = after == null ? List.of() : after.domains();
            if (!domainsBefore.equals(domainsAfter)) {
                byDomain = byDomain == null ? new HashMap<>(old.byDomain()) : byDomain;
                for (String domain : domainsBefore) {
                    byDomain.remove(domain.toLowerCase(Locale.ROOT), old.byName().get(name));
                }
                for (String domain : domainsAfter) {
                    byDomain.put(domain.toLowerCase(Locale.ROOT), app);
                }
            }
        }
        if (byName != null || byDomain != null) {
            // fresh maps, never written after this: safe to publish unmodifiable views of them
            snapshot = new Snapshot(old.dotBaseDomain(),
                    byName == null ? old.byName() : Collections.unmodifiableMap(byName),
                    byDomain == null ? old.byDomain() : Collections.unmodifiableMap(byDomain), old.defaultApp());
        }
    }

    /** {@code app} (or a new one when null) with the dynos and settings of {@code route}. */
    private static LiveApp update(LiveApp app, AppRoute route) {
        List<LiveEndpoint> endpoints = new ArrayList<>(route.endpoints().size());
        for (Endpoint e : route.endpoints()) {
            endpoints.add(reuse(app, e));
        }
        if (app == null) {
            app = new LiveApp(route.app(), endpoints);
        } else {
            app.setEndpoints(endpoints);
        }
        app.setWakingPage(route.wakingPage());
        return app;
    }

    private static LiveEndpoint reuse(LiveApp app, Endpoint e) {
        if (app != null) {
            for (LiveEndpoint existing : app.endpoints()) {
                Endpoint old = existing.endpoint();
                if (old.dyno().equals(e.dyno()) && old.host().equals(e.host()) && old.port() == e.port()) {
                    existing.setUp(e.up());
                    return existing;
                }
            }
        }
        return new LiveEndpoint(e);
    }

    /**
     * The app a Host header value reaches (port ignored, case-insensitive), or null for an
     * unknown host.
     */
    public LiveApp resolve(String hostHeader) {
        Snapshot s = snapshot;
        if (hostHeader == null) {
            return s.defaultApp();
        }
        String host = stripPort(hostHeader).toLowerCase(Locale.ROOT);
        LiveApp app = s.byDomain().get(host);
        if (app != null) {
            return app;
        }
        if (host.endsWith(s.dotBaseDomain())) {
            String name = host.substring(0, host.length() - s.dotBaseDomain().length());
            app = s.byName().get(name);
            if (app != null) {
                return app;
            }
        }
        return s.defaultApp();
    }

    public Map<String, LiveApp> apps() {
        return snapshot.byName();
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }
}
