package io.dynod.router.table;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link RouteSource} fed by code in the same process ({@code dynod up}, tests, the static
 * routes file): {@link #publish} hands the new table to every subscriber.
 */
public final class InMemoryRouteSource implements RouteSource {

    private final List<Consumer<RouteTable>> listeners = new CopyOnWriteArrayList<>();
    private volatile RouteTable current;

    public InMemoryRouteSource(RouteTable initial) {
        this.current = requireNonNull(initial, "initial");
    }

    @Override
    public void subscribe(Consumer<RouteTable> listener) {
        listeners.add(requireNonNull(listener, "listener"));
        listener.accept(current);
    }

    public synchronized void publish(RouteTable table) {
        current = requireNonNull(table, "table");
        for (Consumer<RouteTable> listener : listeners) {
            listener.accept(table);
        }
    }

    public RouteTable current() {
        return current;
    }
}
