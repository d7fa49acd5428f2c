package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Where web dynos get their {@code PORT}. By default the kernel picks a free ephemeral port; with
 * a range ({@code DYNOD_DYNO_PORTS=20000-20999}) ports come from that range only, round-robin, and
 * a port is handed out only if it can be bound on every address and no dyno of this agent holds
 * it (one that is still booting has not bound it yet). Agents sharing a host (a fleet tried on one
 * machine) get disjoint ranges, so two agents never hand out the same port; round-robin also keeps
 * a just-freed port out of use for as long as possible, so a stale route rarely finds a new dyno
 * on it. Used only on the manager's thread.
 */
public final class DynoPorts {

    private static final DynoPorts KERNEL = new DynoPorts(0, 0);

    private final int low;
    private final int high;
    private int next;

    private DynoPorts(int low, int high) {
        this.low = low;
        this.high = high;
        this.next = low;
    }

    /** Any free port the kernel picks. */
    public static DynoPorts kernel() {
        return KERNEL;
    }

    /** {@code LOW-HIGH}, both included, 1024-65535. */
    public static DynoPorts parse(String text) {
        String[] parts = text.strip().split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("dyno ports \"" + text + "\": expected LOW-HIGH like 20000-20999");
        }
        int low;
        int high;
        try {
            low = Integer.parseInt(parts[0].strip());
            high = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dyno ports \"" + text + "\": expected LOW-HIGH like 20000-20999");
        }
        if (low < 1024 || high > 65535 || low > high) {
            throw new IllegalArgumentException("dyno ports \"" + text + "\": need 1024 <= LOW <= HIGH <= 65535");
        }
        return new DynoPorts(low, high);
    }

    public boolean isKernel() {
        return low == 0;
    }

    /** A port for a new web dyno; {@code held} are the ports of this agent's dynos now. */
    int next(Set<Integer> held) {
        if (isKernel()) {
            return kernelPort();
        }
        int size = high - low + 1;
        for (int i = 0; i < size; i++) {
            int port = next;
            next = port == high ? low : port + 1;
            if (!held.contains(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port left for a web dyno in " + this);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a web dyno", e);
        }
    }

    @Override
    public String toString() {
        return isKernel() ? "kernel" : low + "-" + high;
    }
}
