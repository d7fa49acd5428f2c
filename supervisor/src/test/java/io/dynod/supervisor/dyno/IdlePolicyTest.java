package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdlePolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");
    private final IdlePolicy policy = IdlePolicy.heroku();

    private static Formation web(DynoSize size) {
        return Formation.empty().with("web", new Formation.Scale(1, size)).with("worker", new Formation.Scale(1, size));
    }

    @Test
    void ecoWebAppsSleepAfter30MinutesWithoutRequests() {
        Formation eco = web(DynoSize.ECO);
        assertThat(policy.idleAfter(eco, Optional.empty())).contains(Duration.ofMinutes(30));
        assertThat(policy.shouldSleep(eco, Optional.empty(), T0, T0.plus(Duration.ofMinutes(29)))).isFalse();
        assertThat(policy.shouldSleep(eco, Optional.empty(), T0, T0.plus(Duration.ofMinutes(30)))).isTrue();
    }

    @Test
    void otherSizesNeverSleepUnlessTheAppAsks() {
        Formation standard = web(DynoSize.STANDARD_1X);
        assertThat(policy.idleAfter(standard, Optional.empty())).isEmpty();
        assertThat(policy.shouldSleep(standard, Optional.empty(), T0, T0.plus(Duration.ofDays(3)))).isFalse();
        assertThat(policy.idleAfter(standard, Optional.of(Duration.ofMinutes(5)))).contains(Duration.ofMinutes(5));
        assertThat(policy.shouldSleep(standard, Optional.of(Duration.ofMinutes(5)), T0, T0.plus(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void offAndWorkerOnlyAppsNeverSleep() {
        assertThat(policy.idleAfter(web(DynoSize.ECO), Optional.of(Duration.ZERO))).isEmpty();
        Formation workerOnly = Formation.empty().with("worker", new Formation.Scale(1, DynoSize.ECO));
        assertThat(policy.idleAfter(workerOnly, Optional.of(Duration.ofMinutes(1)))).isEmpty();
        assertThatThrownBy(() -> new IdlePolicy(Duration.ofSeconds(-1))).hasMessageContaining("must not be negative");
    }

    @Test
    void anAgentWithTheDefaultRuleOffLetsOnlyAppsThatAskSleep() {
        IdlePolicy off = new IdlePolicy(Duration.ZERO);
        assertThat(off.idleAfter(web(DynoSize.ECO), Optional.empty())).isEmpty();
        assertThat(off.idleAfter(web(DynoSize.ECO), Optional.of(Duration.ofMinutes(2)))).contains(Duration.ofMinutes(2));
    }
}
