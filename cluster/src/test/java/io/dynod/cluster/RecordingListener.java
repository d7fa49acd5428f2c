package io.dynod.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a {@link PrefixWatcher} delivers and keeps the mirrored table, as a router would. */
final class RecordingListener implements PrefixWatcher.Listener {

    final List<RangeResult> snapshots = new CopyOnWriteArrayList<>();
    final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    final List<Instant> stale = new CopyOnWriteArrayList<>();
    final AtomicInteger live = new AtomicInteger();
    final Map<String, String> table = new ConcurrentHashMap<>();
    final List<String> orderViolations = new CopyOnWriteArrayList<>();
    private volatile long lastRevision;

    @Override
    public void onSnapshot(RangeResult snapshot) {
        table.clear();
        snapshot.kvs().forEach(kv -> table.put(kv.key(), kv.value()));
        lastRevision = snapshot.revision();
        snapshots.add(snapshot);
    }

    @Override
    public void onEvent(WatchEvent event) {
        if (event.revision() <= lastRevision) {
            orderViolations.add("event at " + event.revision() + " after " + lastRevision);
        }
        lastRevision = event.revision();
        if (event.type() == WatchEvent.Type.PUT) {
            table.put(event.key(), event.kv().value());
        } else {
            table.remove(event.key());
        }
        events.add(event);
    }

    @Override
    public void onStale(Instant since) {
        stale.add(since);
    }

    @Override
    public void onLive() {
        live.incrementAndGet();
    }

    List<Long> eventRevisions() {
        return events.stream().map(WatchEvent::revision).toList();
    }
}
