package io.dynod.router.table;

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

    @Override
    default void close() {}
}
