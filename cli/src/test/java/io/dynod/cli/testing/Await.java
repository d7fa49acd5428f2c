package io.dynod.cli.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure says what was awaited and what was seen. */
public final class Await {

    private static final int MAX_SEEN = 4000;

    private Await() {}

    /** The end of a long text, short enough for a failure message. */
    public static String tail(String text) {
        return text.length() <= MAX_SEEN ? text : "..." + text.substring(text.length() - MAX_SEEN);
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; saw:\n" + tail(seen.get()));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20); // polling interval, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
