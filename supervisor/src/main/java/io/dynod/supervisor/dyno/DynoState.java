package io.dynod.supervisor.dyno;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A dyno's state as Heroku's Platform API names it. A new dyno begins {@link #DOWN}; the dyno
 * manager moves it only along the edges listed here, so a bug that skips a step fails loudly.
 */
public enum DynoState {
    STARTING,
    UP,
    CRASHED,
    DOWN,
    IDLE;

    private Set<DynoState> next() {
        return switch (this) {
            // down during boot: stopped or scaled away before it bound its port
            case STARTING -> EnumSet.of(UP, CRASHED, DOWN);
            // up → starting: restart, cycling or a new release
            case UP -> EnumSet.of(STARTING, CRASHED, DOWN, IDLE);
            case CRASHED -> EnumSet.of(STARTING, DOWN);
            case DOWN -> EnumSet.of(STARTING);
            case IDLE -> EnumSet.of(STARTING, DOWN);
        };
    }

    public boolean canMoveTo(DynoState target) {
        return next().contains(target);
    }

    /** Returns {@code target} when the move is legal. */
    public DynoState moveTo(DynoState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateTransitionException(this, target);
        }
        return target;
    }

    /** The lower-case word used by the API, {@code ps} and the log lines. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DynoState fromWireName(String word) {
        for (DynoState state : values()) {
            if (state.wireName().equals(word)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown dyno state '" + word + "'");
    }

    /** Thrown for a state change the lifecycle does not allow. */
    public static final class IllegalStateTransitionException extends IllegalStateException {
        public IllegalStateTransitionException(DynoState from, DynoState to) {
            super("illegal dyno state change from " + from.wireName() + " to " + to.wireName());
        }
    }
}
