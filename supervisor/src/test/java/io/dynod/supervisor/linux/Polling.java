package io.dynod.supervisor.linux;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, instead of sleeping for a guessed time. */
final class Polling {

    private Polling() {
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
