package io.dynod.router.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app as the proxy uses it: the current dynos and the per-app in-flight counter behind H11.
 * The endpoint list is replaced as a whole when the route table changes.
 */
public final class LiveApp {

    private final String name;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile LiveEndpoint[] endpoints;
    private volatile boolean wakingPage;
    /** Set by every request start, cleared by the traffic report (idle sleep counts on it). */
    private volatile boolean active;
    private final AtomicInteger openTunnels = new AtomicInteger();

    LiveApp(String name, List<LiveEndpoint> endpoints) {
        this.name = name;
        this.endpoints = endpoints.toArray(LiveEndpoint[]::new);
    }

    public String name() {
        return name;
    }

    public LiveEndpoint[] endpoints() {
        return endpoints;
    }

    void setEndpoints(List<LiveEndpoint> endpoints) {
        this.endpoints = endpoints.toArray(LiveEndpoint[]::new);
    }

    public boolean wakingPage() {
        return wakingPage;
    }

    void setWakingPage(boolean wakingPage) {
        this.wakingPage = wakingPage;
    }

    /** Marks traffic for the idle-sleep report. */
    public void touch() {
        if (!active) {
            active = true;
        }
    }

    /**
     * Whether the app had traffic since the last call: a request started, or one is still in
     * flight (a long response stream), or a WebSocket tunnel is open. Clears the mark.
     */
    public boolean takeActivity() {
        boolean was = active;
        if (was) {
            active = false;
        }
        return was || inFlight.get() > 0 || openTunnels.get() > 0;
    }

    public void tunnelOpened() {
        openTunnels.incrementAndGet();
    }

    public void tunnelClosed() {
        openTunnels.decrementAndGet();
    }

    public int upCount() {
        int n = 0;
        for (LiveEndpoint e : endpoints) {
            if (e.isUp()) {
                n++;
            }
        }
        return n;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Takes an in-flight slot unless the app already has {@code perDyno} × up dynos in flight.
     *
     * @return false when the backlog is too deep (H11)
     */
    public boolean tryStartRequest(int perDyno) {
        touch();
        int cap = perDyno * upCount();
        while (true) {
            int current = inFlight.get();
            if (current >= cap) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes an in-flight slot for a request released from the cold-start hold: it was admitted
     * when it joined the (bounded) hold, so a burst that woke the app is served, not cut to H11.
     */
    public void startHeldRequest() {
        touch();
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }
}
