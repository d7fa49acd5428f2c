package io.dynod.router.table;

import io.dynod.protocol.model.AppChanged;
import io.dynod.protocol.model.AppDestroyed;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.Synced;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link RouteSource} that follows an agent's events ({@code GET /v1/events}, PRODUCT.md §6):
 * handed each event in order, in the same process ({@code dynod up}) or from the event stream
 * (a separate router). Every web dyno whose endpoint is up is routable; an app the agent knows
 * with none up stays in the table without endpoints, so its requests are held and it is woken.
 * Each change publishes a new table at once, on the caller's thread.
 */
public final class AgentEventRoutes implements RouteSource, Consumer<Event> {

    private record AppEntry(List<String> domains, Map<String, Endpoint> up) {}

    private final String baseDomain;
    private final Predicate<String> wakingPage;
    private Map<String, AppEntry> apps = new TreeMap<>();
    /** While a new snapshot arrives (after a reconnect): its state, replacing {@link #apps} at its end. */
    private Map<String, AppEntry> snapshot;
    private final InMemoryRouteSource source;

    /**
     * @param wakingPage which apps opted in to the "waking up" page
     */
    public AgentEventRoutes(String baseDomain, Predicate<String> wakingPage) {
        this.baseDomain = baseDomain;
        this.wakingPage = wakingPage;
        this.source = new InMemoryRouteSource(RouteTable.empty(baseDomain));
    }

    @Override
    public void subscribe(Consumer<RouteTable> listener) {
        source.subscribe(listener);
    }

    /**
     * The next events up to {@code synced} are a whole new snapshot (a reconnected event stream):
     * the current table is served until it is complete, then replaced by it.
     */
    public synchronized void resync() {
        snapshot = new TreeMap<>();
    }

    @Override
    public synchronized void accept(Event event) {
        if (snapshot != null) {
            if (event instanceof Synced) {
                apps = snapshot;
                snapshot = null;
                publish();
            } else {
                apply(snapshot, event);
            }
            return;
        }
        if (apply(apps, event)) {
            publish();
        }
    }

    private static boolean apply(Map<String, AppEntry> apps, Event event) {
        boolean changed;
        if (event instanceof AppChanged c) {
            AppEntry old = apps.get(c.app().name());
            changed = old == null || !old.domains().equals(c.app().domains());
            apps.put(c.app().name(), new AppEntry(c.app().domains(), old == null ? new TreeMap<>() : old.up()));
        } else if (event instanceof AppDestroyed d) {
            changed = apps.remove(d.app()) != null;
        } else if (event instanceof EndpointChanged e) {
            AppEntry entry = apps.computeIfAbsent(e.app(), a -> new AppEntry(List.of(), new TreeMap<>()));
            if (e.up()) {
                Endpoint endpoint = Endpoint.up(e.dyno(), e.host(), e.port());
                changed = !endpoint.equals(entry.up().put(e.dyno(), endpoint));
            } else {
                changed = entry.up().remove(e.dyno()) != null;
            }
        } else {
            changed = false; // dyno states and the snapshot's end say nothing new about routes
        }
        return changed;
    }

    private void publish() {
        List<AppRoute> routes = new ArrayList<>();
        apps.forEach((name, entry) -> routes.add(new AppRoute(name, entry.domains(),
                List.copyOf(entry.up().values()), wakingPage.test(name))));
        source.publish(new RouteTable(baseDomain, routes, Optional.empty()));
    }

    public RouteTable current() {
        return source.current();
    }
}
