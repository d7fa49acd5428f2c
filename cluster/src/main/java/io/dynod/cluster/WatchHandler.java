package io.dynod.cluster;

import java.util.List;

/**
 * Callbacks of one watch stream, in order. The stream ends with exactly one of
 * {@link #onCompacted} or {@link #onClosed}, unless the caller cancels it first.
 */
public interface WatchHandler {

    /** etcd accepted the watch; {@code revision} is the store revision at that moment. */
    void onCreated(long revision);

    /** The next changes, in revision order. */
    void onEvents(List<WatchEvent> events);

    /** The start revision is older than {@code compactRevision}; history is gone, re-read the prefix. */
    void onCompacted(long compactRevision);

    /** The stream ended: etcd went away, refused the watch, or the connection failed. */
    void onClosed(Throwable cause);
}
