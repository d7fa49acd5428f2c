package io.dynod.router.table;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the router learns its routes: a static file, the agent in the same process, the agent
 * protocol's event stream, or etcd. The router subscribes once and gets every new snapshot.
 */
public interface RouteSource extends AutoCloseable {

    /**
     * Starts delivering tables to {@code listener}: the current one right away if there is one,
     * then each change. The listener may be called from any thread.
     */
    void subscribe(Consumer<RouteTable> listener);

    /**
     * Since when the tables may be out of date because their origin is out of reach (etcd down);
     * empty while they are current. Shown in {@code /metrics}.
     */
    default Optional<Instant> staleSince() {
        return Optional.empty();
    }

    @Override
    default void close() {}
}
