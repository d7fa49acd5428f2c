package io.dynod.supervisor;

import io.dynod.supervisor.dyno.DynoChange;
import io.dynod.supervisor.dyno.DynoState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How many dynos are not down, kept from the manager's state changes: for sd_notify STATUS and /metrics. */
final class DynoCount {
    private final Map<String, DynoState> states = new ConcurrentHashMap<>();

    void set(String app, String dyno, DynoState state) {
        if (state == DynoState.DOWN) {
            states.remove(app + "/" + dyno);
        } else {
            states.put(app + "/" + dyno, state);
        }
    }

    void accept(DynoChange change) {
        set(change.app(), change.dyno().toString(), change.to());
    }

    int notDown() {
        return states.size();
    }

    long up() {
        return states.values().stream().filter(s -> s == DynoState.UP).count();
    }

    String status() {
        int n = notDown();
        return n + (n == 1 ? " dyno" : " dynos") + " (" + up() + " up)";
    }
}
