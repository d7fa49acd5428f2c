package io.dynod.cli.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need Linux and host tools skip on a laptop without them but fail under
 * {@code CI=true}, where .ci/run installs them.
 */
public final class HostTools {

    private HostTools() {}

    public static void require(String... tools) {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            missing("needs Linux /proc");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String tool : tools) {
            if (Arrays.stream(path.split(File.pathSeparator)).noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                missing("needs '" + tool + "' on PATH");
            }
        }
    }

    private static void missing(String problem) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(problem + " (CI=true: .ci/run must install it)");
        }
        Assumptions.abort(problem);
    }
}
