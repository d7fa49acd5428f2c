package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CyclePolicyTest {
    private static final Instant START = Instant.parse("2026-11-26T11:02:03Z");

    @Test
    void herokuCyclesBetween24hAnd24hPlus216Minutes() {
        assertThat(CyclePolicy.heroku(new ScriptedRandom(0.0)).cycleAt(START)).isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(CyclePolicy.heroku(new ScriptedRandom(1.0)).cycleAt(START))
                .isEqualTo(START.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(216)));
    }

    @Test
    void jitterIsUniformWithinBounds() {
        CyclePolicy policy = CyclePolicy.heroku(new SplittableRandom(7));
        Instant earliest = START.plus(Duration.ofHours(24));
        Instant latest = earliest.plus(Duration.ofMinutes(216));
        int firstHalf = 0;
        for (int i = 0; i < 2000; i++) {
            Instant at = policy.cycleAt(START);
            assertThat(at).isBetween(earliest, latest);
            if (at.isBefore(earliest.plus(Duration.ofMinutes(108)))) {
                firstHalf++;
            }
        }
        assertThat(firstHalf).isBetween(850, 1150);
    }

    @Test
    void eachStartGetsItsOwnDeadlineSoARestartResetsTheClock() {
        CyclePolicy policy = CyclePolicy.heroku(new ScriptedRandom(0.5));
        Instant restartedAt = START.plus(Duration.ofHours(5));
        assertThat(Duration.between(START, policy.cycleAt(START)))
                .isEqualTo(Duration.between(restartedAt, policy.cycleAt(restartedAt)));
        assertThat(policy.cycleAt(restartedAt)).isAfter(policy.cycleAt(START));
    }

    @Test
    void shortenedPeriodKeepsHerokusJitterRatio() {
        CyclePolicy policy = CyclePolicy.withPeriod(Duration.ofSeconds(24), new ScriptedRandom(1.0));
        assertThat(policy.period()).isEqualTo(Duration.ofSeconds(24));
        assertThat(policy.maxJitter()).isEqualTo(Duration.ofMillis(3600));
        assertThat(policy.cycleAt(START)).isEqualTo(START.plusMillis(27_600));
    }

    @Test
    void rejectsNonPositivePeriodAndNegativeJitter() {
        assertThatThrownBy(() -> new CyclePolicy(Duration.ZERO, Duration.ZERO, new SplittableRandom()))
                .hasMessageContaining("cycle period must be positive");
        assertThatThrownBy(() -> new CyclePolicy(Duration.ofHours(1), Duration.ofSeconds(-1), new SplittableRandom()))
                .hasMessageContaining("jitter cannot be negative");
    }
}
