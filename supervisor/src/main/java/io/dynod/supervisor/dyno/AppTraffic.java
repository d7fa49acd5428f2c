package io.dynod.supervisor.dyno;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each app last had traffic, as the router reports it (requests started, responses still
 * streaming, open WebSockets). What {@link DynoManager#idleQuietApps} measures quiet time from.
 */
public final class AppTraffic {

    private final InstantSource clock;
    private final Instant since;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public AppTraffic(InstantSource clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    /** The router saw traffic for {@code apps} just now. */
    public void active(Collection<String> apps) {
        Instant now = clock.instant();
        for (String app : apps) {
            last.put(app, now);
        }
    }

    /**
     * When {@code app} last had traffic; when it had none since this agent started, the start: a
     * restarted agent has not heard from the routers yet, so it gives every app a full period.
     */
    public Instant lastActivity(String app) {
        return last.getOrDefault(app, since);
    }
}
