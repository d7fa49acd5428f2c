package io.dynod.supervisor.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigVarsTest {

    @Test
    void setAndUnsetMakeNewSetsSortedByName() {
        ConfigVars v1 = ConfigVars.of(Map.of("B", "2", "A_1", "1"));
        ConfigVars v2 = v1.with(Map.of("B", "3", "_C", ""));
        assertThat(v1.asMap()).containsExactly(Map.entry("A_1", "1"), Map.entry("B", "2"));
        assertThat(v2.asMap()).containsExactly(Map.entry("A_1", "1"), Map.entry("B", "3"), Map.entry("_C", ""));
        assertThat(v2.without(List.of("A_1")).asMap()).containsOnlyKeys("B", "_C");
        assertThat(ConfigVars.of(Map.of("B", "2", "A_1", "1"))).isEqualTo(v1).hasSameHashCodeAs(v1);
    }

    @Test
    void namesMustBeEnvironmentVariableNames() {
        for (String bad : List.of("", "1ABC", "MY-VAR", "A B", "É", "A=B")) {
            assertThatThrownBy(() -> ConfigVars.of(Map.of(bad, "x")))
                    .as(bad).hasMessageContaining("bad config var name '" + bad + "'");
        }
        assertThatThrownBy(() -> ConfigVars.of(Map.of("__X", "x"))).hasMessageContaining("may not start with '__'");
    }

    @Test
    void valuesMayNotHoldNul() {
        assertThatThrownBy(() -> ConfigVars.of(Map.of("K", "a\0b"))).hasMessage("config var K contains a NUL byte");
    }

    @Test
    void totalSizeIsCappedAt32KB() {
        String big = "x".repeat(ConfigVars.MAX_TOTAL_BYTES - 1);
        assertThat(ConfigVars.of(Map.of("K", big)).asMap()).containsKey("K");
        assertThatThrownBy(() -> ConfigVars.of(Map.of("KK", big))).hasMessageContaining("over the limit of 32768 bytes");
    }

    @Test
    void unsettingAMissingVarIsAnError() {
        assertThatThrownBy(() -> ConfigVars.empty().without(List.of("NOPE"))).hasMessage("config var NOPE is not set");
    }

    @Test
    void toStringHidesValues() {
        assertThat(ConfigVars.of(Map.of("SECRET", "hunter2")).toString()).contains("SECRET").doesNotContain("hunter2");
    }
}
