package io.dynod.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleAfterTest {

    @Test
    void parsesDurationsAndOff() {
        assertThat(IdleAfter.parse("5m").duration()).contains(Duration.ofMinutes(5));
        assertThat(IdleAfter.parse("90s").duration()).contains(Duration.ofSeconds(90));
        assertThat(IdleAfter.parse("2h").duration()).contains(Duration.ofHours(2));
        assertThat(IdleAfter.parse("off").isOff()).isTrue();
    }

    @Test
    void printsTheShortestExactSpelling() {
        assertThat(IdleAfter.parse("60m")).hasToString("1h");
        assertThat(IdleAfter.parse("120s")).hasToString("2m");
        assertThat(IdleAfter.parse("90s")).hasToString("90s");
        assertThat(IdleAfter.off()).hasToString("off");
    }

    @Test
    void rejectsOtherSpellings() {
        for (String bad : new String[] {"5", "0m", "5 m", "5min", "-5m", "OFF", "1d", ""}) {
            assertThatThrownBy(() -> IdleAfter.parse(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("idle-after \"" + bad + "\": must be a duration like 90s, 5m or 2h, or \"off\"");
        }
    }
}
