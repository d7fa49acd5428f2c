package io.dynod.router.balance;

import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The router's live view of a {@link RouteTable}: Host header → {@link LiveApp}. Applying a new
 * table keeps the {@link LiveApp} and {@link LiveEndpoint} objects of apps and dynos that stay,
 * so in-flight counts and quarantines carry over.
 */
public final class LiveRoutes {

    private record Snapshot(String dotBaseDomain, Map<String, LiveApp> byName, Map<String, LiveApp> byDomain,
            LiveApp defaultApp) {}

    private volatile Snapshot snapshot = new Snapshot(".localhost", Map.of(), Map.of(), null);

    /** Installs {@code table}; called from the route source's thread. */
    public synchronized void apply(RouteTable table) {
        Snapshot old = snapshot;
        Map<String, LiveApp> byName = new HashMap<>();
        Map<String, LiveApp> byDomain = new HashMap<>();
        for (AppRoute route : table.apps()) {
            LiveApp app = old.byName().get(route.app());
            List<LiveEndpoint> endpoints = new ArrayList<>();
            for (Endpoint e : route.endpoints()) {
                endpoints.add(reuse(app, e));
            }
            if (app == null) {
                app = new LiveApp(route.app(), endpoints);
            } else {
                app.setEndpoints(endpoints);
            }
            app.setWakingPage(route.wakingPage());
            byName.put(route.app(), app);
            for (String domain : route.domains()) {
                byDomain.put(domain.toLowerCase(Locale.ROOT), app);
            }
        }
        LiveApp defaultApp = table.defaultApp().map(byName::get).orElse(null);
        snapshot = new Snapshot("." + table.baseDomain().toLowerCase(Locale.ROOT), Map.copyOf(byName),
                Map.copyOf(byDomain), defaultApp);
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
