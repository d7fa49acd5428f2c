package io.dynod.supervisor.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DynoSizeTest {

    @Test
    void quotasFollowHeroku() {
        assertThat(DynoSize.parse("eco").memoryQuotaBytes()).isEqualTo(512L << 20);
        assertThat(DynoSize.parse("Standard-2X").memoryQuotaBytes()).isEqualTo(1024L << 20);
        assertThat(DynoSize.parse("standard-2x").memoryLimitBytes()).isEqualTo(2048L << 20);
        assertThat(DynoSize.parse("performance-m").memoryQuotaBytes()).isEqualTo(2560L << 20);
        assertThat(DynoSize.parse("PERFORMANCE-L").memoryQuotaBytes()).isEqualTo(14336L << 20);
    }

    @Test
    void cpuWeightGrowsWithSize() {
        DynoSize[] sizes = DynoSize.values();
        for (int i = 1; i < sizes.length; i++) {
            assertThat(sizes[i].cpuWeight()).isGreaterThanOrEqualTo(sizes[i - 1].cpuWeight());
        }
        assertThat(DynoSize.PERFORMANCE_L.cpuWeight()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void unknownSizeNamesTheChoices() {
        assertThatThrownBy(() -> DynoSize.parse("huge")).hasMessageContaining("unknown dyno size 'huge'")
                .hasMessageContaining("standard-2x");
        assertThat(DynoSize.STANDARD_1X.wireName()).isEqualTo("standard-1x");
    }
}
