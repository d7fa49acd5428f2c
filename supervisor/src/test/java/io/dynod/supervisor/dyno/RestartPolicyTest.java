package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

    @Test
    void firstCrashRestartsAtOnceThenCapsClimbTheLadderThenStayAt320() {
        RestartPolicy highest = RestartPolicy.heroku(MINUTE, new ScriptedRandom(1.0));
        CrashBackoff backoff = highest.newBackoff();
        Instant now = T0;
        long[] expectedMinutes = {0, 20, 40, 60, 180, 320, 320, 320};
        for (long minutes : expectedMinutes) {
            assertThat(backoff.crashed(now)).isEqualTo(Duration.ofMinutes(minutes));
            now = now.plusSeconds(1);
        }
        assertThat(backoff.consecutiveCrashes()).isEqualTo(8);
    }

    @Test
    void coolOffsAreRandomWithinEachStepAndTheTailIsExactly320() {
        RestartPolicy policy = RestartPolicy.heroku(MINUTE, new SplittableRandom(42));
        long[] caps = {20, 40, 60, 180, 320};
        for (int i = 0; i < caps.length; i++) {
            int crash = i + 2;
            Duration min = Duration.ofDays(1);
            Duration max = Duration.ZERO;
            for (int draw = 0; draw < 500; draw++) {
                Duration d = policy.coolOff(crash);
                assertThat(d).isBetween(Duration.ZERO, Duration.ofMinutes(caps[i]));
                min = d.compareTo(min) < 0 ? d : min;
                max = d.compareTo(max) > 0 ? d : max;
            }
            // really random: the draws spread over most of the step
            assertThat(max.minus(min)).isGreaterThan(Duration.ofMinutes(caps[i]).dividedBy(2));
        }
        assertThat(policy.coolOff(7)).isEqualTo(Duration.ofMinutes(320));
        assertThat(policy.coolOff(50)).isEqualTo(Duration.ofMinutes(320));
        assertThat(policy.coolOff(1)).isZero();
    }

    @Test
    void lowestDrawIsAnImmediateRestart() {
        CrashBackoff backoff = RestartPolicy.heroku(MINUTE, new ScriptedRandom(0.0)).newBackoff();
        backoff.crashed(T0);
        assertThat(backoff.crashed(T0)).isZero();
    }

    @Test
    void beingUpForTenUnitsResetsTheLadder() {
        CrashBackoff backoff = RestartPolicy.heroku(MINUTE, new ScriptedRandom(1.0)).newBackoff();
        backoff.crashed(T0);
        backoff.crashed(T0.plusSeconds(10));
        backoff.up(T0.plusSeconds(20));
        assertThat(backoff.crashed(T0.plusSeconds(20).plus(Duration.ofMinutes(10))))
                .as("up exactly 10 min: a successful boot, so this is a first crash again").isZero();
        backoff.up(T0.plus(Duration.ofMinutes(20)));
        assertThat(backoff.crashed(T0.plus(Duration.ofMinutes(29))))
                .as("up 9 min is not enough").isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void resetStartsTheLadderOver() {
        CrashBackoff backoff = RestartPolicy.heroku(MINUTE, new ScriptedRandom(1.0)).newBackoff();
        backoff.crashed(T0);
        backoff.crashed(T0);
        backoff.crashed(T0);
        backoff.reset();
        assertThat(backoff.consecutiveCrashes()).isZero();
        assertThat(backoff.crashed(T0)).isZero();
        assertThat(backoff.crashed(T0)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void timeUnitScalesTheWholeLadder() {
        Duration unit = Duration.ofMillis(10);
        RestartPolicy policy = RestartPolicy.heroku(unit, new ScriptedRandom(1.0));
        assertThat(policy.coolOff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.coolOff(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(policy.stableAfter()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void resumedBackoffContinuesWhereTheSavedCountLeftOff() {
        CrashBackoff backoff = RestartPolicy.heroku(MINUTE, new ScriptedRandom(1.0)).resumeBackoff(2);
        assertThat(backoff.crashed(T0)).isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> RestartPolicy.heroku(Duration.ZERO, new SplittableRandom()))
                .hasMessageContaining("time unit must be positive");
        RestartPolicy policy = RestartPolicy.heroku(MINUTE, new SplittableRandom());
        assertThatThrownBy(() -> policy.coolOff(0)).hasMessageContaining("crash number starts at 1");
        assertThatThrownBy(() -> policy.resumeBackoff(-1)).hasMessageContaining("cannot be negative");
    }
}
