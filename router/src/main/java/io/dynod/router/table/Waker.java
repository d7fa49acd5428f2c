package io.dynod.router.table;

/**
 * How the router asks for a sleeping app to be woken (PRODUCT.md §5, "Sleeping app"). The
 * cold-start hold sits between routing and proxying and calls this once per app, not per request;
 * it is not built yet, so the router runs with {@link #NONE} and answers H14 when no dyno is up.
 */
@FunctionalInterface
public interface Waker {

    /** Does nothing: apps never sleep. */
    Waker NONE = app -> {};

    /** Asks for one web dyno of {@code app} to be started; must not block. */
    void wake(String app);
}
