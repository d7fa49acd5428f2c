package io.dynod.supervisor.dyno;

import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an app sleeps: apps whose web dynos are {@code eco}, or that set an idle-after of their
 * own, sleep after that long without a request (30 min by default); worker dynos of the app
 * sleep with it. Apps without web dynos never sleep. Pure: the router reports requests, the
 * caller asks.
 */
public final class IdlePolicy {
    public static final Duration HEROKU_IDLE_AFTER = Duration.ofMinutes(30);

    private final Duration defaultIdleAfter;

    /** @param defaultIdleAfter the rule for {@code eco} apps; {@code Duration.ZERO}: eco apps don't sleep by default */
    public IdlePolicy(Duration defaultIdleAfter) {
        if (defaultIdleAfter.isNegative()) {
            throw new IllegalArgumentException("idle-after must not be negative, got " + defaultIdleAfter);
        }
        this.defaultIdleAfter = defaultIdleAfter;
    }

    public static IdlePolicy heroku() {
        return new IdlePolicy(HEROKU_IDLE_AFTER);
    }

    /**
     * How long the app may go without requests before it sleeps; empty when it never sleeps.
     *
     * @param appIdleAfter the app's own setting ({@code apps:update --idle-after}): empty = not set,
     *     present = that duration; {@code Duration.ZERO} means {@code off}
     */
    public Optional<Duration> idleAfter(Formation formation, Optional<Duration> appIdleAfter) {
        if (formation.quantity("web") == 0) {
            return Optional.empty();
        }
        if (appIdleAfter.isPresent()) {
            return appIdleAfter.get().isZero() ? Optional.empty() : appIdleAfter;
        }
        boolean ecoSleeps = formation.size("web") == DynoSize.ECO && !defaultIdleAfter.isZero();
        return ecoSleeps ? Optional.of(defaultIdleAfter) : Optional.empty();
    }

    /** Whether the app should be asleep now, given its last request (or its last wake, if later). */
    public boolean shouldSleep(Formation formation, Optional<Duration> appIdleAfter, Instant lastActivity, Instant now) {
        return idleAfter(formation, appIdleAfter)
                .map(after -> !now.isBefore(lastActivity.plus(after)))
                .orElse(false);
    }
}
