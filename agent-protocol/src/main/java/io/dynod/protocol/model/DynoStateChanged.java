package io.dynod.protocol.model;

import java.time.Instant;

/** A dyno went from {@code previousState} (null for a new dyno) to {@code state}. */
public record DynoStateChanged(
        String app, String dyno, DynoState previousState, DynoState state, ReleaseRef release, Instant updatedAt)
        implements Event {

    public DynoStateChanged {
        Names.appName(app);
        Names.dynoName(dyno);
        Names.required("state", state);
    }
}
