package io.dynod.router.balance;

import io.dynod.router.errors.HerokuError;
import io.dynod.router.table.Waker;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Every app's {@link ColdStart}, made on the first request that finds the app without an up
 * dyno. {@link #tableChanged} runs after each new route table is live: holds whose app now has an
 * up dyno are released at once, holds of apps that left the table get a 404.
 */
public final class ColdStarts {

    private final Waker waker;
    private final int maxWaiters;
    private final long maxBytes;
    private final BiConsumer<String, Long> wakeDone;
    private final Map<String, ColdStart> byApp = new ConcurrentHashMap<>();

    /**
     * @param wakeDone told each wake's app and duration in nanos (metrics)
     */
    public ColdStarts(Waker waker, int maxWaiters, long maxBytes, BiConsumer<String, Long> wakeDone) {
        this.waker = waker;
        this.maxWaiters = maxWaiters;
        this.maxBytes = maxBytes;
        this.wakeDone = wakeDone;
    }

    public ColdStart of(LiveApp app) {
        ColdStart hold = byApp.get(app.name());
        if (hold == null || hold.app() != app) {
            hold = byApp.compute(app.name(), (name, old) -> old != null && old.app() == app ? old
                    : new ColdStart(app, waker, maxWaiters, maxBytes, nanos -> wakeDone.accept(name, nanos)));
        }
        return hold;
    }

    /** Call after {@code routes} applied a new table. */
    public void tableChanged(LiveRoutes routes) {
        Map<String, LiveApp> apps = routes.apps();
        Set<String> gone = new HashSet<>();
        byApp.forEach((name, hold) -> {
            if (apps.get(name) != hold.app()) {
                gone.add(name);
            } else {
                hold.releaseIfUp();
            }
        });
        for (String name : gone) {
            ColdStart hold = byApp.remove(name);
            if (hold != null) {
                hold.rejectAll(HerokuError.NO_SUCH_APP);
            }
        }
    }

    /** Requests held now, per app that has a hold (metrics). */
    public Map<String, Integer> held() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        byApp.forEach((app, hold) -> out.put(app, hold.held()));
        return out;
    }

    /** Requests held for {@code app} now (metrics). */
    public int held(String app) {
        ColdStart hold = byApp.get(app);
        return hold == null ? 0 : hold.held();
    }
}
