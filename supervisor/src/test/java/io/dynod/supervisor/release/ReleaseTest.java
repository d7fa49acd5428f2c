package io.dynod.supervisor.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseTest {
    static final SlugRef SLUG = new SlugRef("a".repeat(64));
    static final Instant AT = Instant.parse("2026-11-26T11:02:03Z");

    @Test
    void configChangeAndDeployMakeTheNextVersion() {
        Release v1 = new Release(1, SLUG, ConfigVars.empty(), Map.of("web", "java Hello"), AT, "Initial release");
        Release v2 = v1.withConfig(ConfigVars.of(Map.of("A", "1")), AT.plusSeconds(1), "Set A config var");
        Release v3 = v2.withSlug(new SlugRef("b".repeat(64)), Map.of("worker", "sh w"), AT.plusSeconds(2), "Deploy");
        assertThat(v1.name()).isEqualTo("v1");
        assertThat(v2.name()).isEqualTo("v2");
        assertThat(v2.processTypes()).isEqualTo(v1.processTypes());
        assertThat(v3.version()).isEqualTo(3);
        assertThat(v3.config()).isEqualTo(v2.config());
        assertThat(v3.processTypes()).containsOnlyKeys("worker");
    }

    @Test
    void rejectsBadParts() {
        assertThatThrownBy(() -> new Release(0, SLUG, ConfigVars.empty(), Map.of(), AT, null))
                .hasMessageContaining("starts at v1");
        assertThatThrownBy(() -> new Release(1, SLUG, ConfigVars.empty(), Map.of("web", " "), AT, null))
                .hasMessageContaining("process type web has an empty command");
        assertThatThrownBy(() -> new Release(1, SLUG, ConfigVars.empty(), Map.of("we b", "x"), AT, null))
                .hasMessageContaining("bad process type name 'we b'");
        assertThatThrownBy(() -> new SlugRef("ABC")).hasMessageContaining("bad slug sha256 'ABC'");
    }
}
