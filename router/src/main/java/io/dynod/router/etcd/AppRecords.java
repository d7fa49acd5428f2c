package io.dynod.router.etcd;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.Keys;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The app records of etcd, per app and writer (every agent that runs the app writes its own),
 * read as one merged {@link AppEntry} per app. Not thread-safe: its owner locks.
 */
final class AppRecords {

    private final Map<String, Map<String, AppEntry>> byApp = new HashMap<>();

    void put(Keys.RecordKey key, AppEntry entry) {
        byApp.computeIfAbsent(key.app(), a -> new HashMap<>()).put(key.writer(), entry);
    }

    void remove(Keys.RecordKey key) {
        Map<String, AppEntry> records = byApp.get(key.app());
        if (records != null) {
            records.remove(key.writer());
            if (records.isEmpty()) {
                byApp.remove(key.app());
            }
        }
    }

    void clear() {
        byApp.clear();
    }

    /** The apps that have at least one record. */
    Set<String> apps() {
        return byApp.keySet();
    }

    /** The merged record of {@code app}, or null when it has none. */
    AppEntry get(String app) {
        Map<String, AppEntry> records = byApp.get(app);
        return records == null ? null : AppEntry.merge(records.values());
    }
}
