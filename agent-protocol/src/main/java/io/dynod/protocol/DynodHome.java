package io.dynod.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where dynod keeps its state (PRODUCT.md §2): {@code $DYNOD_HOME}, else {@code /var/lib/dynod}
 * for root and {@code ~/.local/share/dynod} for anyone else. The agent writes its token there.
 */
public final class DynodHome {

    public static final String ENV = "DYNOD_HOME";
    public static final String TOKEN_FILE = "agent.token";

    private DynodHome() {}

    public static Path resolve(Map<String, String> env, boolean root, Path userHome) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return root ? Path.of("/var/lib/dynod") : userHome.resolve(".local/share/dynod");
    }

    /** This process's home, from its environment and user. */
    public static Path current() {
        return resolve(System.getenv(), runningAsRoot(), Path.of(System.getProperty("user.home")));
    }

    public static Path tokenFile(Path home) {
        return home.resolve(TOKEN_FILE);
    }

    static boolean runningAsRoot() {
        try {
            // /proc/self belongs to the effective uid of the process reading it.
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
