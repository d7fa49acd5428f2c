package io.dynod.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    @Test
    void defaultsAreHerokus() {
        RouterConfig c = RouterConfig.defaults();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.firstByteTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(55));
        assertThat(c.quarantine()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxRequestLine()).isEqualTo(8192);
        assertThat(c.maxHeaderLine()).isEqualTo(8192);
        assertThat(c.maxHeaders()).isEqualTo(1000);
        assertThat(c.inFlightPerDyno()).isEqualTo(200);
        assertThat(c.maxConnectAttempts()).isEqualTo(10);
        assertThat(c.toBuilder().port(1).build().port()).isEqualTo(1);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> RouterConfig.builder().idleTimeout(Duration.ZERO).build())
                .hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> RouterConfig.builder().port(70000).build())
                .hasMessage("port: 70000 (expected: 0-65535)");
        assertThatThrownBy(() -> RouterConfig.builder().maxHeaders(0).build())
                .hasMessage("maxHeaders: 0 (expected: > 0)");
    }
}
