package io.dynod.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsFollowTheHome() throws Exception {
        SupervisorConfig system = ConfigLoader.load(null, Map.of(), Map.of(), Path.of("/var/lib/dynod"));
        assertThat(system.runDir()).isEqualTo(Path.of("/run/dynod"));
        assertThat(system.cacheDir()).isEqualTo(Path.of("/var/cache/dynod"));
        assertThat(system.apiHost()).isEqualTo("127.0.0.1");
        assertThat(system.apiPort()).isEqualTo(5005);
        assertThat(system.bootTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(system.stopGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(system.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(system.tokenFile()).isEqualTo(Path.of("/var/lib/dynod/agent.token"));
        assertThat(system.idleAfter()).isEqualTo(Duration.ofMinutes(30));
        SupervisorConfig mine = ConfigLoader.load(null, Map.of("DYNOD_HOME", "/tmp/h"), Map.of(), Path.of("/x"));
        assertThat(mine.runDir()).isEqualTo(Path.of("/tmp/h/run"));
        assertThat(mine.cacheDir()).isEqualTo(Path.of("/tmp/h/cache"));
    }

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.env"), """
                # comment
                DYNOD_JAVA_OPTS=-Xmx256m
                DYNOD_HOME=/from/file
                DYNOD_API_LISTEN="0.0.0.0:6000"
                DYNOD_BOOT_TIMEOUT=90s
                DYNOD_STOP_GRACE=500ms
                DYNOD_API_MAX_SLUG=2G
                DYNOD_IDLE_AFTER=off

                """);
        SupervisorConfig c = ConfigLoader.load(file, Map.of("DYNOD_HOME", "/from/env", "DYNOD_STOP_GRACE", "5s",
                "UNRELATED", "x"), Map.of("DYNOD_HOME", "/from/flag"), Path.of("/default"));
        assertThat(c.home()).isEqualTo(Path.of("/from/flag"));
        assertThat(c.apiHost()).isEqualTo("0.0.0.0");
        assertThat(c.apiPort()).isEqualTo(6000);
        assertThat(c.bootTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxSlugBytes()).isEqualTo(2L << 30);
        assertThat(c.idleAfter()).isZero();
        assertThat(ConfigLoader.load(null, Map.of("DYNOD_IDLE_AFTER", "5m"), Map.of(), Path.of("/d")).idleAfter())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(c.dynoPorts().isKernel()).isTrue();
        assertThat(ConfigLoader.load(null, Map.of("DYNOD_DYNO_PORTS", "20000-20999"), Map.of(), Path.of("/d")).dynoPorts())
                .hasToString("20000-20999");
    }

    @Test
    void badInputNamesFileLineAndRule() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.env"), "DYNOD_HOME=/h\nDYNOD_BOOT_TIMEUT=5s\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), Path.of("/d")))
                .hasMessageStartingWith(file + ":2: unknown setting DYNOD_BOOT_TIMEUT");
        Files.writeString(file, "DYNOD_STOP_GRACE=soon\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), Path.of("/d")))
                .hasMessage(file + ":1: \"soon\": expected a duration like 500ms, 30s, 5m or 1h");
        Files.writeString(file, "DYNOD_IDLE_AFTER=never\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), Path.of("/d")))
                .hasMessage(file + ":1: \"never\": expected a duration like 5m or 1h, or off");
        Files.writeString(file, "DYNOD_DYNO_PORTS=9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), Path.of("/d")))
                .hasMessage(file + ":1: \"9000\": expected LOW-HIGH like 20000-20999, 1024 <= LOW <= HIGH <= 65535");
        Files.writeString(file, "just words\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of(), Path.of("/d")))
                .hasMessage(file + ":1: expected KEY=value, got \"just words\"");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DYNOD_API_LISTEN", "5005"), Map.of(), Path.of("/d")))
                .hasMessage("environment variable DYNOD_API_LISTEN: \"5005\": expected HOST:PORT like 127.0.0.1:5005");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DYNOD_RUN_DIR", "run"), Map.of(), Path.of("/d")))
                .hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.env"), Map.of(), Map.of(), Path.of("/d")))
                .hasMessageContaining("does not exist");
    }
}
