package io.dynod.cluster;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's rule for missing tools: skip on a laptop, fail in CI ({@code CI=true}). */
public final class Required {

    private Required() {
    }

    public static void onPath(String tool, String installHint) {
        check(findOnPath(tool), tool + " is not on PATH (" + installHint + ")", "true".equals(System.getenv("CI")));
    }

    public static void check(boolean present, String missing, boolean inCi) {
        if (present) {
            return;
        }
        if (inCi) {
            throw new AssertionError(missing + "; CI must run these tests");
        }
        Assumptions.abort(missing);
    }

    private static boolean findOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
