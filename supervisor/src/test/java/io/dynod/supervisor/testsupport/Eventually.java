package io.dynod.supervisor.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import io.dynod.supervisor.cgroup.Await;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline; fails the test naming what never happened. */
public final class Eventually {
    private Eventually() {}

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        if (!Await.until(condition, timeout)) {
            fail("not within " + timeout + ": " + what);
        }
    }
}
