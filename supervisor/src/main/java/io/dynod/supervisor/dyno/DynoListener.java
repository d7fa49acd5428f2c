package io.dynod.supervisor.dyno;

/**
 * Hears about every dyno a {@link DynoManager} runs (the agent's etcd publisher is one). Called
 * on the manager's thread, in order; must not block.
 */
public interface DynoListener {

    /** The dyno's state, port or release changed (or it is announced to a new listener). */
    void changed(String app, DynoStatus status);

    /** The dyno is gone from the app's formation and none of its processes runs. */
    void removed(String app, DynoName dyno);
}
