package io.dynod.supervisor.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.cgroup.CgroupLimits;
import org.junit.jupiter.api.Test;

class DynoSizeTest {
    private static final long MB = 1024L * 1024;

    @Test
    void quotasFollowHeroku() {
        assertThat(DynoSize.named("eco").quotaBytes()).isEqualTo(512 * MB);
        assertThat(DynoSize.named("basic").quotaBytes()).isEqualTo(512 * MB);
        assertThat(DynoSize.named("Standard-1X").quotaBytes()).isEqualTo(512 * MB);
        assertThat(DynoSize.named("standard-2x").quotaBytes()).isEqualTo(1024 * MB);
        assertThat(DynoSize.named("performance-m").quotaBytes()).isEqualTo(2560 * MB);
        assertThat(DynoSize.named("PERFORMANCE-L").quotaBytes()).isEqualTo(14336 * MB);
    }

    @Test
    void hardLimitIsTwiceTheQuotaAndPidsCountTheLaunchChain() {
        CgroupLimits limits = DynoSize.STANDARD_2X.limits();

        assertThat(limits.memoryMaxBytes()).isEqualTo(2048 * MB);
        assertThat(limits.pidsMax()).isEqualTo(512 + DynoSize.CHAIN_PROCESSES);
        assertThat(DynoSize.CHAIN_PROCESSES).isEqualTo(3);
    }

    @Test
    void cpuWeightGrowsWithSize() {
        assertThat(DynoSize.STANDARD_SIZES).extracting(DynoSize::cpuWeight).isSorted();
        assertThat(DynoSize.STANDARD_1X.cpuWeight()).isLessThan(DynoSize.STANDARD_2X.cpuWeight());
        assertThat(DynoSize.PERFORMANCE_M.cpuWeight()).isLessThan(DynoSize.PERFORMANCE_L.cpuWeight());
        assertThat(DynoSize.STANDARD_2X.limits().cpuShares()).isEqualTo(2048);
    }

    @Test
    void unknownSizeIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> DynoSize.named("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'huge'").hasMessageContaining("standard-2x");
    }

    @Test
    void defaultIsStandard1xAsOnHerokusPaidTiers() {
        assertThat(DynoSize.DEFAULT).isEqualTo(DynoSize.named("standard-1x"));
    }
}
