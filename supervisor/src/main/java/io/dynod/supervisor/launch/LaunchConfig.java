package io.dynod.supervisor.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * Where dynos live on the host and how they are confined.
 *
 * @param cgroupPrefix  directory under every cgroup hierarchy that holds this agent's dyno leaves
 * @param runtimeDir    the shim script and one directory per dyno instance (overlay upper/work, exit file)
 * @param logDir        one append-only log file per dyno
 * @param hiddenDirs    further directories dynos must not see (agent state, token, slug cache);
 *                      {@code runtimeDir} and {@code logDir} are always hidden
 * @param firstUid      first uid of the range handed out to apps, one uid per app
 * @param uidCount      size of that range
 * @param tmpSize       size cap of each dyno's private {@code /tmp} and {@code /dev/shm} (tmpfs syntax)
 * @param openFiles     RLIMIT_NOFILE of a dyno (the agent's own, often 1048576, is not inherited)
 */
public record LaunchConfig(String cgroupPrefix, Path runtimeDir, Path logDir, List<Path> hiddenDirs,
        int firstUid, int uidCount, IsolationPolicy isolation, String tmpSize, int openFiles) {

    public static final String DEFAULT_PREFIX = "dynod";

    public LaunchConfig {
        hiddenDirs = List.copyOf(hiddenDirs);
        if (firstUid < 1000 || uidCount < 1 || (long) firstUid + uidCount > 0x7fff_ffffL) {
            throw new IllegalArgumentException("uid range must lie above 999: first " + firstUid + ", count " + uidCount);
        }
        if (!runtimeDir.isAbsolute() || !logDir.isAbsolute()) {
            throw new IllegalArgumentException("runtime and log dirs must be absolute: " + runtimeDir + ", " + logDir);
        }
        if (!tmpSize.matches("[0-9]+[kmg]?")) {
            throw new IllegalArgumentException("tmp size must look like 64m: '" + tmpSize + "'");
        }
    }

    /** Defaults under a state home, e.g. {@code /var/lib/dynod}. */
    public static LaunchConfig defaults(Path home) {
        return new LaunchConfig(DEFAULT_PREFIX, home.resolve("run"), home.resolve("logs"), List.of(home),
                61000, 4000, IsolationPolicy.PREFER, "64m", 10000);
    }

    public LaunchConfig withIsolation(IsolationPolicy policy) {
        return new LaunchConfig(cgroupPrefix, runtimeDir, logDir, hiddenDirs, firstUid, uidCount, policy,
                tmpSize, openFiles);
    }
}
