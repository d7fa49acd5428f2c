package io.dynod.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void doublesUpToTheCapWithAtMostTwentyPercentJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
        long[] bases = {100, 200, 400, 500, 500};
        for (long base : bases) {
            assertThat(backoff.nextDelayMillis()).isBetween(base * 8 / 10, base);
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isBetween(80L, 100L);
    }

    @Test
    void refusesAnInitialDelayAboveTheCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < initial <= max");
    }
}
