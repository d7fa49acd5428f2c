package io.dynod.supervisor.config;

import io.dynod.supervisor.dyno.DynoPorts;
import io.dynod.supervisor.launch.IsolationPolicy;
import io.dynod.supervisor.launch.LaunchConfig;
import java.util.List;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's settings. {@link ConfigLoader} reads them from the config file, then the
 * environment, then command-line flags (each overrides the one before); the keys are those of
 * {@code systemd/agent.env.example}.
 *
 * @param home          {@code DYNOD_HOME}: apps, releases, formation, {@code agent.token}, log journals
 * @param runDir        {@code DYNOD_RUN_DIR}: per-dyno runtime records and log files; default
 *                      {@code /run/dynod} when home is {@code /var/lib/dynod}, else {@code <home>/run}
 * @param cacheDir      {@code DYNOD_CACHE_DIR}: extracted slugs by sha256; default {@code /var/cache/dynod}
 *                      when home is {@code /var/lib/dynod}, else {@code <home>/cache}
 * @param apiHost       host of {@code DYNOD_API_LISTEN} (default {@code 127.0.0.1}: loopback only)
 * @param apiPort       port of {@code DYNOD_API_LISTEN} (default 5005; 0 picks a free one)
 * @param bootTimeout   {@code DYNOD_BOOT_TIMEOUT} (60s): R10 for a web dyno not listening by then
 * @param stopGrace     {@code DYNOD_STOP_GRACE} (30s): SIGTERM to SIGKILL
 * @param maxBodyBytes  {@code DYNOD_API_MAX_BODY} (1M): largest JSON request body
 * @param maxSlugBytes  {@code DYNOD_API_MAX_SLUG} (512M): largest uploaded slug
 * @param isolation     {@code DYNOD_ISOLATION} ({@code prefer}): {@code require} refuses to start on a host
 *                      that cannot isolate dynos, {@code off} always runs plain processes
 * @param cgroupPrefix  {@code DYNOD_CGROUP_PREFIX} ({@code dynod}): the agent's own cgroups, under each hierarchy
 * @param idleAfter     {@code DYNOD_IDLE_AFTER} (30m): how long an {@code eco} app may go without requests before
 *                      its dynos sleep, unless the app sets its own ({@code apps:update --idle-after});
 *                      zero ({@code off}): only apps that set their own ever sleep
 * @param dynoPorts     {@code DYNOD_DYNO_PORTS} (the kernel's free ports): {@code LOW-HIGH}, the web dynos' ports;
 *                      agents sharing a host need disjoint ranges
 */
public record SupervisorConfig(Path home, Path runDir, Path cacheDir, String apiHost, int apiPort,
                               Duration bootTimeout, Duration stopGrace, long maxBodyBytes, long maxSlugBytes,
                               IsolationPolicy isolation, String cgroupPrefix, Duration idleAfter,
                               DynoPorts dynoPorts) {

    public static final Path SYSTEM_HOME = Path.of("/var/lib/dynod");
    public static final String DEFAULT_API_HOST = "127.0.0.1";
    public static final int DEFAULT_API_PORT = 5005;
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofMinutes(30);
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
    public static final long DEFAULT_MAX_SLUG_BYTES = 512L << 20;

    public SupervisorConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(apiHost, "apiHost");
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("API port " + apiPort + ": must be 0 to 65535");
        }
        requirePositive("boot timeout", bootTimeout);
        if (idleAfter == null || idleAfter.isNegative()) {
            throw new IllegalArgumentException("idle-after must be a duration or off, got " + idleAfter);
        }
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(dynoPorts, "dynoPorts");
        if (!cgroupPrefix.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("cgroup prefix \"" + cgroupPrefix + "\": lower-case letters, digits and -");
        }
        if (maxBodyBytes < 1024 || maxSlugBytes < 1024) {
            throw new IllegalArgumentException("request body caps must be at least 1K");
        }
    }

    public SupervisorConfig(Path home, Path runDir, Path cacheDir, String apiHost, int apiPort, Duration bootTimeout,
                            Duration stopGrace, long maxBodyBytes, long maxSlugBytes, IsolationPolicy isolation,
                            String cgroupPrefix, Duration idleAfter) {
        this(home, runDir, cacheDir, apiHost, apiPort, bootTimeout, stopGrace, maxBodyBytes, maxSlugBytes, isolation,
                cgroupPrefix, idleAfter, DynoPorts.kernel());
    }

    /** Every default, for an agent whose state lives in {@code home}. */
    public static SupervisorConfig defaults(Path home) {
        return new SupervisorConfig(home, defaultRunDir(home), defaultCacheDir(home), DEFAULT_API_HOST, DEFAULT_API_PORT,
                DEFAULT_BOOT_TIMEOUT, DEFAULT_STOP_GRACE, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_SLUG_BYTES,
                IsolationPolicy.PREFER, LaunchConfig.DEFAULT_PREFIX, DEFAULT_IDLE_AFTER);
    }

    static Path defaultRunDir(Path home) {
        return home.equals(SYSTEM_HOME) ? Path.of("/run/dynod") : home.resolve("run");
    }

    static Path defaultCacheDir(Path home) {
        return home.equals(SYSTEM_HOME) ? Path.of("/var/cache/dynod") : home.resolve("cache");
    }

    public SupervisorConfig withApi(String host, int port) {
        return new SupervisorConfig(home, runDir, cacheDir, host, port, bootTimeout, stopGrace, maxBodyBytes, maxSlugBytes,
                isolation, cgroupPrefix, idleAfter, dynoPorts);
    }

    public SupervisorConfig withTimeouts(Duration boot, Duration grace) {
        return new SupervisorConfig(home, runDir, cacheDir, apiHost, apiPort, boot, grace, maxBodyBytes, maxSlugBytes,
                isolation, cgroupPrefix, idleAfter, dynoPorts);
    }

    public SupervisorConfig withBodyCaps(long body, long slug) {
        return new SupervisorConfig(home, runDir, cacheDir, apiHost, apiPort, bootTimeout, stopGrace, body, slug,
                isolation, cgroupPrefix, idleAfter, dynoPorts);
    }

    public SupervisorConfig withIsolation(IsolationPolicy policy) {
        return new SupervisorConfig(home, runDir, cacheDir, apiHost, apiPort, bootTimeout, stopGrace, maxBodyBytes,
                maxSlugBytes, policy, cgroupPrefix, idleAfter, dynoPorts);
    }

    /**
     * How dynos are launched: dyno log files under the run dir, and everything of the agent's
     * (state, run dir, slug cache) hidden from every dyno.
     */
    public LaunchConfig launchConfig() {
        LaunchConfig defaults = LaunchConfig.defaults(home);
        return new LaunchConfig(cgroupPrefix, runDir.resolve("launch"), runDir.resolve("logs"),
                List.of(home, runDir, cacheDir), defaults.firstUid(), defaults.uidCount(), isolation,
                defaults.tmpSize(), defaults.openFiles());
    }

    public Path tokenFile() {
        return home.resolve("agent.token");
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
