package io.dynod.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need something of the host (root, a tool) skip on a laptop that lacks it, but fail
 * in CI ({@code CI=true}), where the host is set up to run them for real.
 */
final class HostRequirement {

    private HostRequirement() {
    }

    static void require(boolean met, String what) {
        if (met) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but this host lacks " + what);
        }
        Assumptions.abort("skipped: this host lacks " + what);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean onPath(String tool) {
        return which(tool).isPresent();
    }

    /** Where {@code tool} is on PATH. */
    static Optional<Path> which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
