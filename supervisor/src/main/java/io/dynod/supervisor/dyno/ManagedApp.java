package io.dynod.supervisor.dyno;

import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/** One app as the {@link DynoManager} sees it: its desired release and formation, its dyno slots and its running one-offs. */
final class ManagedApp {
    final String name;
    Release release;
    Formation formation = Formation.empty();
    final TreeMap<DynoName, DynoSlot> slots = new TreeMap<>();
    /** Running one-offs; each leaves from the thread its exit completes on. */
    final Map<DynoName, OneOffRun> oneOffs = new ConcurrentSkipListMap<>();
    int rollGeneration;
    /** Numbers launches for per-launch file names; starts at the clock so a restarted agent never reuses one. */
    long launches = System.currentTimeMillis();

    ManagedApp(String name) {
        this.name = name;
    }

    /** A running one-off and its end: completes once its exit line is logged. */
    record OneOffRun(OneOffDyno dyno, CompletableFuture<Void> ended) {
    }
}
