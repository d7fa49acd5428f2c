package io.dynod.supervisor.launch;

import java.util.HashMap;
import java.util.Map;

/**
 * One unprivileged uid (and gid of the same number) per app from a configured range, so one
 * app's dynos can never read another app's files. Stable for the life of the agent; a restarted
 * agent re-{@link #assign}s what its state recorded.
 */
public final class AppUids {
    private final int first;
    private final int count;
    private final Map<String, Integer> byApp = new HashMap<>();

    public AppUids(int first, int count) {
        this.first = first;
        this.count = count;
    }

    public synchronized int uidFor(String app) {
        Integer uid = byApp.get(app);
        if (uid != null) {
            return uid;
        }
        for (int candidate = first; candidate < first + count; candidate++) {
            if (!byApp.containsValue(candidate)) {
                byApp.put(app, candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("all " + count + " app uids from " + first + " are taken");
    }

    /** Records a uid an earlier agent run gave to {@code app}. */
    public synchronized void assign(String app, int uid) {
        if (uid < first || uid >= first + count) {
            throw new IllegalArgumentException("uid " + uid + " of app " + app + " is outside the range");
        }
        byApp.forEach((other, taken) -> {
            if (taken == uid && !other.equals(app)) {
                throw new IllegalArgumentException("uid " + uid + " already belongs to app " + other);
            }
        });
        byApp.put(app, uid);
    }
}
