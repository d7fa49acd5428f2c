package io.dynod.router.table;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How the router asks for a sleeping app to be woken (PRODUCT.md §5, "Sleeping app"). The
 * cold-start hold calls it once per wake of an app, however many requests wait (single flight);
 * the held requests are released by the route table showing an up web dyno, not by this call.
 */
@FunctionalInterface
public interface Waker {

    /** What a wake request found. */
    enum Outcome {
        /** A web dyno is starting (or already up): keep holding until the table shows it up. */
        BOOTING,
        /** The app has no web dynos in its formation: H14 at once. */
        NO_WEB_DYNOS,
        /** The app's web dynos crashed and wait for their restart: H10 at once. */
        CRASHED
    }

    /** Nothing to wake (a static routes file): an app without an up dyno gets H14. */
    Waker NONE = app -> CompletableFuture.completedFuture(Outcome.NO_WEB_DYNOS);

    /**
     * Asks for the web dynos of {@code app} to be started; must not block. A failed stage means
     * the request could not be made; the held requests then wait for their H20 like on Heroku.
     */
    CompletionStage<Outcome> wake(String app);
}
