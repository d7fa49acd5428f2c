package io.dynod.supervisor.linux;

import java.util.List;
import java.util.Map;

/**
 * The environment variables through which systemd talks to the one process it started. They are
 * addressed to the agent's PID, so a child that inherits them would impersonate the agent
 * (a dyno sending READY=1 or WATCHDOG=1 for it) or grab its sockets: children never get them.
 */
public final class SystemdEnvironment {

    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    public static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    public static final String WATCHDOG_PID = "WATCHDOG_PID";

    /** Notify and watchdog (sd_notify(3)) plus socket activation (sd_listen_fds(3)). */
    private static final List<String> ADDRESSED_TO_THE_AGENT = List.of(
            NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID, "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES");

    private SystemdEnvironment() {
    }

    /**
     * Removes systemd's per-process variables from a child's environment, for example
     * {@code processBuilder.environment()}; returns the same map.
     */
    public static Map<String, String> scrubForChild(Map<String, String> childEnvironment) {
        childEnvironment.keySet().removeAll(ADDRESSED_TO_THE_AGENT);
        return childEnvironment;
    }
}
