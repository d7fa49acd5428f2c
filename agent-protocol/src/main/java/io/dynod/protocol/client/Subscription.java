package io.dynod.protocol.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A running stream (events, logs, one-off output). {@link #done()} completes normally when the
 * agent ends the stream or it is cancelled, and exceptionally with an {@link AgentException}
 * when it fails (or with whatever the item handler threw, after which the stream is cancelled).
 */
public interface Subscription {

    /** Closes the stream; no item is delivered after this returns on the delivering thread. */
    void cancel();

    CompletableFuture<Void> done();

    /** Blocks until the stream ends; rethrows its failure. Never call it on an event-loop thread. */
    default void await() {
        try {
            done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
