package io.dynod.supervisor.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need root, cgroups or host tools: skip on a laptop, but fail when
 * {@code CI=true}, because CI runs as root and must run them for real.
 */
public final class HostRequirement {
    private HostRequirement() {}

    public static void require(boolean available, String what) {
        require(available, what, "true".equals(System.getenv("CI")));
    }

    static void require(boolean available, String what, boolean ci) {
        if (available) {
            return;
        }
        if (ci) {
            fail(what + " is required when CI=true");
        }
        Assumptions.abort(what + " not available here");
    }
}
