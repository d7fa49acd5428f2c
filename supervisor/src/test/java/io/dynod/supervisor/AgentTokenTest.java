package io.dynod.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTokenTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceOwnerOnlyThenReused() throws Exception {
        Path file = dir.resolve("home/agent.token");
        String token = AgentToken.loadOrCreate(file);
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AgentToken.loadOrCreate(file)).isEqualTo(token);
        assertThat(AgentToken.loadOrCreate(dir.resolve("other/agent.token"))).isNotEqualTo(token);
    }

    @Test
    void refusesADamagedOrWorldReadableFile() throws Exception {
        Path file = dir.resolve("agent.token");
        String token = AgentToken.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AgentToken.loadOrCreate(file)).hasMessageContaining("has mode rw-r--r--");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, token.substring(1));
        assertThatThrownBy(() -> AgentToken.loadOrCreate(file)).hasMessageContaining("is damaged");
    }
}
