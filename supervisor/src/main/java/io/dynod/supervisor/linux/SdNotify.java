package io.dynod.supervisor.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) for the agent and the router: one datagram of {@code KEY=VALUE} lines to the
 * socket systemd names in {@code NOTIFY_SOCKET}. Without that variable (not started by systemd,
 * or not {@code Type=notify}) every call is a no-op returning {@code false}.
 *
 * <p>A failed send never throws: the caller's real work goes on, and systemd acts on the missing
 * message itself (start timeout, watchdog). The first failure after a success is logged as a
 * warning. Thread-safe.
 */
public final class SdNotify implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final UnixAddress target;
    private UnixDatagramSocket socket;
    private boolean lastSendFailed;

    private SdNotify(UnixAddress target) {
        this.target = target;
    }

    /** From this process's environment. */
    public static SdNotify fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * From {@code NOTIFY_SOCKET} in {@code environment}: an absolute path or an {@code @abstract}
     * name; unset or empty means disabled.
     *
     * @throws IllegalArgumentException when it is set to something else (e.g. a {@code vsock:}
     *     address, which only newer systemd versions hand out), so the problem is named at start
     *     instead of surfacing later as a start timeout
     */
    public static SdNotify fromEnvironment(Map<String, String> environment) {
        String socket = environment.get(SystemdEnvironment.NOTIFY_SOCKET);
        if (socket == null || socket.isEmpty()) {
            return disabled();
        }
        try {
            return new SdNotify(new UnixAddress(socket));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SystemdEnvironment.NOTIFY_SOCKET + ": " + e.getMessage(), e);
        }
    }

    public static SdNotify disabled() {
        return new SdNotify(null);
    }

    public boolean enabled() {
        return target != null;
    }

    /** {@code READY=1}: start-up is finished and the service does its job. */
    public boolean ready() {
        return send("READY=1");
    }

    /** {@code STATUS=...}, shown by {@code systemctl status}; line breaks become spaces. */
    public boolean status(String text) {
        return send("STATUS=" + text.replaceAll("[\\r\\n]+", " "));
    }

    /** {@code WATCHDOG=1}: the keep-alive; see {@link Watchdog} for when to send it. */
    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    /** {@code STOPPING=1}: shutting down (not stopping the dynos: they outlive the agent). */
    public boolean stopping() {
        return send("STOPPING=1");
    }

    /** Sends the given {@code KEY=VALUE} assignments as one message; false if not delivered. */
    public synchronized boolean send(String... assignments) {
        if (target == null) {
            return false;
        }
        byte[] message = String.join("\n", assignments).getBytes(StandardCharsets.UTF_8);
        try {
            if (socket == null) {
                socket = UnixDatagramSocket.open();
            }
            socket.send(target, message);
            lastSendFailed = false;
            return true;
        } catch (IOException e) {
            if (!lastSendFailed) {
                log.warn("sd_notify to {} failed, systemd will not see {}: {}",
                        target, String.join(" ", assignments), e.getMessage());
            }
            lastSendFailed = true;
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
