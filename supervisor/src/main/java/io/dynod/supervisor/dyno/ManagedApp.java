package io.dynod.supervisor.dyno;

import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import java.util.TreeMap;

/** One app as the {@link DynoManager} sees it: its desired release and formation, and its dyno slots. */
final class ManagedApp {
    final String name;
    Release release;
    Formation formation = Formation.empty();
    final TreeMap<DynoName, DynoSlot> slots = new TreeMap<>();
    int rollGeneration;
    /** Numbers launches for per-launch file names; starts at the clock so a restarted agent never reuses one. */
    long launches = System.currentTimeMillis();

    ManagedApp(String name) {
        this.name = name;
    }
}
