package io.dynod.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireValuesTest {

    @Test
    void dynoSizesCarryHerokusMemoryQuotas() {
        assertThat(DynoSize.ECO.memoryQuotaMb()).isEqualTo(512);
        assertThat(DynoSize.STANDARD_2X.memoryQuotaMb()).isEqualTo(1024);
        assertThat(DynoSize.PERFORMANCE_M.memoryQuotaMb()).isEqualTo(2560);
        assertThat(DynoSize.PERFORMANCE_L.memoryQuotaMb()).isEqualTo(14336);
        assertThat(DynoSize.parse("Performance-M")).isEqualTo(DynoSize.PERFORMANCE_M);
    }

    @Test
    void releaseVersionsParseWithOrWithoutV() {
        assertThat(Release.parseVersion("v12")).isEqualTo(12);
        assertThat(Release.parseVersion("3")).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Release.parseVersion("v0"))
                .hasMessage("release version \"v0\": must be like v12");
    }
}
