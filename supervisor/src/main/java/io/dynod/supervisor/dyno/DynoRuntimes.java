package io.dynod.supervisor.dyno;

import io.dynod.supervisor.launch.DynoLauncher;
import io.dynod.supervisor.launch.HostCapabilities;
import io.dynod.supervisor.launch.IsolationPolicy;
import io.dynod.supervisor.launch.IsolationUnavailableException;
import io.dynod.supervisor.launch.LaunchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the agent's dyno runtime once, at start, from what the host offers and what the config demands. */
public final class DynoRuntimes {
    private static final Logger LOG = LoggerFactory.getLogger(DynoRuntimes.class);

    private DynoRuntimes() {}

    /**
     * Isolated dynos when the host can isolate them and the policy is not {@code OFF}; plain
     * processes otherwise, with one warning naming what the host lacks (policy {@code PREFER}).
     *
     * @throws IsolationUnavailableException when the policy is {@code REQUIRE} and the host cannot isolate
     */
    public static DynoRuntime choose(LaunchConfig config) {
        return choose(config, HostCapabilities.probe(config.cgroupPrefix()));
    }

    static DynoRuntime choose(LaunchConfig config, HostCapabilities host) {
        if (host.isolate(config.isolation())) {
            return new IsolatedDynoRuntime(DynoLauncher.start(config, host));
        }
        if (config.isolation() == IsolationPolicy.PREFER) {
            LOG.warn(host.degradedWarning());
        }
        return new ProcessDynoRuntime();
    }
}
