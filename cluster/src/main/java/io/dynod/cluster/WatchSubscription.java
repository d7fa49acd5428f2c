package io.dynod.cluster;

/** A running watch stream. */
public interface WatchSubscription {

    /** Stops the stream; no callback follows. */
    void cancel();
}
