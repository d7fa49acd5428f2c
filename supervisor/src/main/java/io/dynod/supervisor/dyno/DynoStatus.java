package io.dynod.supervisor.dyno;

import java.time.Instant;
import java.util.OptionalInt;

/** One line of {@code ps}: a dyno, its state since when, the release it runs, its pid and port (if running). */
public record DynoStatus(DynoName name, DynoState state, Instant since, int release, long pid, OptionalInt port) {
}
