package io.dynod.supervisor.logs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The agent's app logs, one {@link AppLog} per app, made on first use. */
public final class AppLogs {
    private final Map<String, AppLog> logs = new ConcurrentHashMap<>();
    private final int capacity;

    public AppLogs() {
        this(AppLog.DEFAULT_CAPACITY);
    }

    public AppLogs(int capacity) {
        this.capacity = capacity;
    }

    public AppLog of(String app) {
        return logs.computeIfAbsent(app, a -> new AppLog(capacity));
    }

    public void remove(String app) {
        logs.remove(app);
    }
}
