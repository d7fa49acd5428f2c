package io.dynod.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdEnvironmentTest {

    @Test
    void removesEveryVariableAddressedToTheAgentAndKeepsTheRest() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42",
                "LISTEN_FDS", "1", "LISTEN_PID", "42", "LISTEN_FDNAMES", "api",
                "PATH", "/usr/bin", "PORT", "5000"));

        assertThat(SystemdEnvironment.scrubForChild(environment))
                .isSameAs(environment)
                .containsOnlyKeys("PATH", "PORT");
    }

    @Test
    void aChildStartedFromAScrubbedProcessBuilderDoesNotSeeThem() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("env");
        builder.environment().put("NOTIFY_SOCKET", "@dynod-test");
        builder.environment().put("WATCHDOG_USEC", "1000000");
        builder.environment().put("DYNO", "web.1");
        SystemdEnvironment.scrubForChild(builder.environment());

        Process child = builder.redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor()).isZero();
        assertThat(output).contains("DYNO=web.1").doesNotContain("NOTIFY_SOCKET").doesNotContain("WATCHDOG_");
    }
}
