package io.dynod.router.balance;

import io.dynod.router.errors.HerokuError;
import io.dynod.router.table.Waker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.LongConsumer;

/**
 * The cold-start hold of one app: the requests that wait for its first web dyno to be up, bounded
 * in count and in held bytes, and the single wake they share. The first request of a hold asks
 * the {@link Waker} once; every later one just joins. The hold ends when the route table shows an
 * up dyno ({@link #releaseIfUp}, driven by the table's change event, never by polling), when the
 * wake finds nothing to start (H14/H10), or request by request when each waiter times out.
 * Thread-safe: waiters join from every event loop, the table changes on the route source's thread.
 */
public final class ColdStart {

    /** A held request. {@link #release} is called at most once, from any thread. */
    public interface Waiter {

        /** Bytes the held request keeps in memory (its head; the body stays in the socket). */
        long heldBytes();

        /** Go on: balance as usual when {@code rejection} is null, else answer with it. */
        void release(HerokuError rejection);
    }

    private final LiveApp app;
    private final Waker waker;
    private final int maxWaiters;
    private final long maxBytes;
    private final LongConsumer wakeDone;
    private final Set<Waiter> waiters = new LinkedHashSet<>();
    private long bytes;
    /** Counts wakes; an outcome only applies to the hold that asked for it. */
    private long generation;
    private boolean waking;
    private long wakeStartNanos;

    /**
     * @param wakeDone told the wake's duration (first held request → first up dyno) in nanos
     */
    public ColdStart(LiveApp app, Waker waker, int maxWaiters, long maxBytes, LongConsumer wakeDone) {
        this.app = app;
        this.waker = waker;
        this.maxWaiters = maxWaiters;
        this.maxBytes = maxBytes;
        this.wakeDone = wakeDone;
    }

    public LiveApp app() {
        return app;
    }

    /**
     * Holds {@code waiter} until the app has an up dyno; the first waiter of a hold wakes the app.
     *
     * @return false when the hold is full (count or bytes): answer with {@link HerokuError#HOLD_QUEUE_FULL}
     */
    public boolean hold(Waiter waiter) {
        long wake;
        synchronized (this) {
            long size = waiter.heldBytes();
            if (waiters.size() >= maxWaiters || bytes + size > maxBytes) {
                return false;
            }
            waiters.add(waiter);
            bytes += size;
            if (waking) {
                wake = -1;
            } else {
                waking = true;
                wake = ++generation;
                wakeStartNanos = System.nanoTime();
            }
        }
        app.touch();
        if (wake >= 0) {
            askWaker(wake);
        }
        // the table may have shown an up dyno between the caller's check and the add above
        releaseIfUp();
        return true;
    }

    private void askWaker(long wake) {
        CompletionStage<Waker.Outcome> outcome;
        try {
            outcome = waker.wake(app.name());
        } catch (RuntimeException e) {
            return; // the waiters get their H20
        }
        outcome.thenAccept(o -> {
            switch (o) {
                case NO_WEB_DYNOS -> releaseAll(wake, HerokuError.H14);
                case CRASHED -> releaseAll(wake, HerokuError.H10);
                case BOOTING -> releaseIfUp();
            }
        });
    }

    /** Lets a waiter go that gave up (timeout, waking page, client gone); false if already released. */
    public boolean remove(Waiter waiter) {
        synchronized (this) {
            if (!waiters.remove(waiter)) {
                return false;
            }
            bytes -= waiter.heldBytes();
            if (waiters.isEmpty()) {
                waking = false; // the next request wakes again
            }
            return true;
        }
    }

    /** Releases every waiter to be balanced when the app has an up dyno now. */
    public void releaseIfUp() {
        if (app.upCount() > 0) {
            releaseAll(-1, null);
        }
    }

    /** Releases every waiter with {@code rejection} (the app is gone, say). */
    public void rejectAll(HerokuError rejection) {
        releaseAll(-1, rejection);
    }

    private void releaseAll(long wake, HerokuError rejection) {
        List<Waiter> released;
        long startNanos;
        synchronized (this) {
            if (waiters.isEmpty() || (wake >= 0 && wake != generation)) {
                return;
            }
            released = new ArrayList<>(waiters);
            waiters.clear();
            bytes = 0;
            waking = false;
            startNanos = wakeStartNanos;
        }
        if (rejection == null) {
            wakeDone.accept(System.nanoTime() - startNanos);
        }
        for (Waiter w : released) {
            w.release(rejection);
        }
    }

    public synchronized int held() {
        return waiters.size();
    }

    public synchronized long heldBytes() {
        return bytes;
    }
}
