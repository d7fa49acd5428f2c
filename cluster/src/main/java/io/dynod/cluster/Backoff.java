package io.dynod.cluster;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays that double from {@code initial} up to {@code max}, each shortened by up to 20 %
 * at random so that many routers do not reconnect to a restarted etcd in the same instant.
 */
public final class Backoff {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(2);

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    public static Backoff defaults() {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /** The delay before the next retry, in milliseconds (at least 1). */
    public long nextDelayMillis() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, base - jitter);
    }

    public void reset() {
        nextMillis = initialMillis;
    }
}
