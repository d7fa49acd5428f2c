package io.dynod.cli.up;

import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.InMemoryRouteSource;
import io.dynod.router.table.RouteSource;
import io.dynod.router.table.RouteTable;
import io.dynod.supervisor.dyno.DynoState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The router's {@link RouteSource} in {@code dynod up}: the agent's dyno state changes, in the same
 * process, turned into route tables. Every web dyno that is {@code up} is an endpoint; an app the
 * agent knows with none up is in the table without endpoints, so its requests are held and it is
 * woken. Each change publishes a new table at once, on the caller's thread (the dyno manager's).
 */
public final class DynoRoutes implements RouteSource {

    private record AppEntry(List<String> domains, boolean wakingPage, Map<String, Integer> upWebDynos) {}

    private final String baseDomain;
    private final String dynoHost;
    private final Map<String, AppEntry> apps = new TreeMap<>();
    private final InMemoryRouteSource source;

    public DynoRoutes(String baseDomain, String dynoHost) {
        this.baseDomain = baseDomain;
        this.dynoHost = dynoHost;
        this.source = new InMemoryRouteSource(RouteTable.empty(baseDomain));
    }

    @Override
    public void subscribe(Consumer<RouteTable> listener) {
        source.subscribe(listener);
    }

    /** An app exists (or changed its settings). */
    public synchronized void app(String app, List<String> domains, boolean wakingPage) {
        AppEntry old = apps.get(app);
        apps.put(app, new AppEntry(List.copyOf(domains), wakingPage, old == null ? new TreeMap<>() : old.upWebDynos()));
        publish();
    }

    public synchronized void appRemoved(String app) {
        if (apps.remove(app) != null) {
            publish();
        }
    }

    /** A dyno of {@code app} is now in state {@code to}; {@code port} is where a web dyno listens. */
    public synchronized void dynoChanged(String app, String dyno, DynoState to, OptionalInt port) {
        if (!dyno.startsWith("web.")) {
            return;
        }
        AppEntry entry = apps.computeIfAbsent(app, a -> new AppEntry(List.of(), false, new TreeMap<>()));
        boolean changed = to == DynoState.UP && port.isPresent()
                ? !Integer.valueOf(port.getAsInt()).equals(entry.upWebDynos().put(dyno, port.getAsInt()))
                : entry.upWebDynos().remove(dyno) != null;
        if (changed) {
            publish();
        }
    }

    private void publish() {
        List<AppRoute> routes = new ArrayList<>();
        apps.forEach((name, entry) -> {
            List<Endpoint> endpoints = new ArrayList<>();
            entry.upWebDynos().forEach((dyno, port) -> endpoints.add(Endpoint.up(dyno, dynoHost, port)));
            routes.add(new AppRoute(name, entry.domains(), endpoints, entry.wakingPage()));
        });
        source.publish(new RouteTable(baseDomain, routes, Optional.empty()));
    }

    public RouteTable current() {
        return source.current();
    }
}
