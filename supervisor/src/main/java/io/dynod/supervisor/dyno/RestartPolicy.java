package io.dynod.supervisor.dyno;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Heroku's crash cool-off ladder for formation dynos: the first crash restarts at once; later
 * consecutive crashes wait a random time up to 20, 40, 60, 180 and 320 minutes, then exactly 320
 * minutes for every further crash. Any exit of a formation dyno counts as a crash, exit 0 too.
 *
 * <p>This class holds the rules; {@link CrashBackoff} holds one dyno slot's progress along them.
 * Every duration is a multiple of {@code unit} (one minute in production) so tests run the
 * whole ladder in milliseconds.
 */
public final class RestartPolicy {
    /** The ladder's caps in units, from the second crash on. */
    public static final List<Integer> HEROKU_LADDER = List.of(20, 40, 60, 180, 320);
    /** Up this long (in units) counts as a successful boot and resets the ladder. */
    public static final int HEROKU_STABLE_AFTER = 10;

    private final List<Duration> caps;
    private final Duration stableAfter;
    private final RandomGenerator random;

    public RestartPolicy(List<Duration> caps, Duration stableAfter, RandomGenerator random) {
        if (caps.isEmpty()) {
            throw new IllegalArgumentException("restart policy needs at least one cool-off step");
        }
        this.caps = List.copyOf(caps);
        this.stableAfter = Objects.requireNonNull(stableAfter);
        this.random = Objects.requireNonNull(random);
    }

    /** Heroku's ladder with every minute replaced by {@code unit}. */
    public static RestartPolicy heroku(Duration unit, RandomGenerator random) {
        if (unit.isNegative() || unit.isZero()) {
            throw new IllegalArgumentException("restart policy time unit must be positive, got " + unit);
        }
        List<Duration> caps = HEROKU_LADDER.stream().map(unit::multipliedBy).toList();
        return new RestartPolicy(caps, unit.multipliedBy(HEROKU_STABLE_AFTER), random);
    }

    public Duration stableAfter() {
        return stableAfter;
    }

    /**
     * The wait before restarting after the {@code crashNumber}-th consecutive crash (1-based).
     */
    public Duration coolOff(int crashNumber) {
        if (crashNumber < 1) {
            throw new IllegalArgumentException("crash number starts at 1, got " + crashNumber);
        }
        if (crashNumber == 1) {
            return Duration.ZERO;
        }
        int step = crashNumber - 2;
        if (step >= caps.size()) {
            return caps.get(caps.size() - 1);
        }
        long capNanos = caps.get(step).toNanos();
        return Duration.ofNanos(random.nextLong(capNanos + 1));
    }

    public CrashBackoff newBackoff() {
        return new CrashBackoff(this, 0);
    }

    /** Resumes a slot's progress saved before an agent restart. */
    public CrashBackoff resumeBackoff(int consecutiveCrashes) {
        return new CrashBackoff(this, consecutiveCrashes);
    }
}
