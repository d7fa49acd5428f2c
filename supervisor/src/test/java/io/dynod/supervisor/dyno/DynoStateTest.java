package io.dynod.supervisor.dyno;

import static io.dynod.supervisor.dyno.DynoState.CRASHED;
import static io.dynod.supervisor.dyno.DynoState.DOWN;
import static io.dynod.supervisor.dyno.DynoState.IDLE;
import static io.dynod.supervisor.dyno.DynoState.STARTING;
import static io.dynod.supervisor.dyno.DynoState.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DynoStateTest {
    private static final Map<DynoState, Set<DynoState>> LEGAL = Map.of(
            STARTING, EnumSet.of(UP, CRASHED, DOWN),
            UP, EnumSet.of(STARTING, CRASHED, DOWN, IDLE),
            CRASHED, EnumSet.of(STARTING, DOWN),
            DOWN, EnumSet.of(STARTING),
            IDLE, EnumSet.of(STARTING, DOWN));

    @Test
    void exactlyTheLifecycleEdgesAreLegal() {
        for (DynoState from : DynoState.values()) {
            for (DynoState to : DynoState.values()) {
                boolean legal = LEGAL.get(from).contains(to);
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(legal);
                if (legal) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to))
                            .isInstanceOf(DynoState.IllegalStateTransitionException.class)
                            .hasMessage("illegal dyno state change from " + from.wireName() + " to " + to.wireName());
                }
            }
        }
    }

    @Test
    void noStateMovesToItself() {
        for (DynoState state : DynoState.values()) {
            assertThat(state.canMoveTo(state)).isFalse();
        }
    }

    @Test
    void wireNamesAreHerokusWords() {
        assertThat(DynoState.values()).extracting(DynoState::wireName)
                .containsExactly("starting", "up", "crashed", "down", "idle");
        assertThat(DynoState.fromWireName("crashed")).isEqualTo(CRASHED);
        assertThatThrownBy(() -> DynoState.fromWireName("Up")).hasMessageContaining("unknown dyno state 'Up'");
    }
}
