package io.dynod.supervisor.dyno;

/**
 * Hears about the dynos a {@link DynoManager} runs (the agent's event stream, its etcd publisher).
 * Called on the manager's thread, in order; must not block.
 */
@FunctionalInterface
public interface DynoListener {

    /** A dyno changed state (or, for {@link DynoManager#addListener}, is announced: {@code from == to}). */
    void changed(DynoChange change);

    /** The dyno is gone from the app's formation and none of its processes runs. */
    default void removed(String app, DynoName dyno) {
    }
}
