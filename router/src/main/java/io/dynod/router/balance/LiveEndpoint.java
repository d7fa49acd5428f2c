package io.dynod.router.balance;

import io.dynod.router.table.Endpoint;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dyno plus the state every event loop shares about it: requests in flight (for P2C) and the
 * end of its quarantine. Survives route-table updates as long as the dyno keeps its address.
 */
public final class LiveEndpoint {

    private final Endpoint endpoint;
    private final InetSocketAddress address;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long quarantinedUntilNanos;
    private volatile boolean up;

    LiveEndpoint(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.address = InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port());
        this.up = endpoint.up();
    }

    public String dyno() {
        return endpoint.dyno();
    }

    /** Unresolved on purpose: dyno addresses are IP literals, resolved by the connect itself. */
    public InetSocketAddress address() {
        return address;
    }

    public boolean isUp() {
        return up;
    }

    void setUp(boolean up) {
        this.up = up;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** Skip this dyno until {@code nowNanos + durationNanos}. */
    public void quarantine(long nowNanos, long durationNanos) {
        quarantinedUntilNanos = nowNanos + durationNanos;
    }

    public boolean isQuarantined(long nowNanos) {
        return nowNanos - quarantinedUntilNanos < 0;
    }

    @Override
    public String toString() {
        return endpoint.dyno() + "@" + endpoint.host() + ":" + endpoint.port();
    }
}
