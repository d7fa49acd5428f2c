package io.dynod.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigVarsTest {

    @Test
    void aPatchSetsAndUnsets() {
        Map<String, String> patch = new HashMap<>();
        patch.put("NEW", "1");
        patch.put("OLD", null);
        assertThat(ConfigVars.applyPatch(Map.of("OLD", "x", "KEEP", "y"), patch))
                .containsOnly(Map.entry("NEW", "1"), Map.entry("KEEP", "y"));
    }
}
