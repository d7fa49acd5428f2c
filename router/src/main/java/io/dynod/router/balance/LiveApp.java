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

    public void requestEnded() {
        inFlight.decrementAndGet();
    }
}
