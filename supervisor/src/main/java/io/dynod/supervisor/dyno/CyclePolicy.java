package io.dynod.supervisor.dyno;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Daily cycling: a dyno is restarted (logged {@code Cycling}) a period plus a uniform random
 * jitter after it started — 24 h + 0..216 min on Heroku — so an app's dynos do not all restart at
 * once. Each start (including one caused by a release or a restart) gets a fresh deadline, which
 * is how a release or restart resets the clock.
 */
public final class CyclePolicy {
    public static final Duration HEROKU_PERIOD = Duration.ofHours(24);
    public static final Duration HEROKU_MAX_JITTER = Duration.ofMinutes(216);

    private final Duration period;
    private final Duration maxJitter;
    private final RandomGenerator random;

    public CyclePolicy(Duration period, Duration maxJitter, RandomGenerator random) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("cycle period must be positive, got " + period);
        }
        if (maxJitter.isNegative()) {
            throw new IllegalArgumentException("cycle jitter cannot be negative, got " + maxJitter);
        }
        this.period = period;
        this.maxJitter = maxJitter;
        this.random = Objects.requireNonNull(random);
    }

    public static CyclePolicy heroku(RandomGenerator random) {
        return new CyclePolicy(HEROKU_PERIOD, HEROKU_MAX_JITTER, random);
    }

    /** The period shortened (or lengthened) keeping Heroku's jitter-to-period ratio (216 min per 24 h). */
    public static CyclePolicy withPeriod(Duration period, RandomGenerator random) {
        long jitterNanos = Math.round(period.toNanos() * (HEROKU_MAX_JITTER.toNanos() / (double) HEROKU_PERIOD.toNanos()));
        return new CyclePolicy(period, Duration.ofNanos(jitterNanos), random);
    }

    /** When a dyno that started at {@code startedAt} is to be cycled. */
    public Instant cycleAt(Instant startedAt) {
        long jitter = maxJitter.isZero() ? 0 : random.nextLong(maxJitter.toNanos() + 1);
        return startedAt.plus(period).plusNanos(jitter);
    }

    public Duration period() {
        return period;
    }

    public Duration maxJitter() {
        return maxJitter;
    }
}
