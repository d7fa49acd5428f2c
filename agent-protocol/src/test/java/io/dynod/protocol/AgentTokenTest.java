package io.dynod.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTokenTest {

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesAPrivateTokenFileThatLaterStartsReuse() throws IOException {
        Path home = dir.resolve("dynod");
        String token = AgentToken.loadOrCreate(home);
        Path file = home.resolve("agent.token");
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AgentToken.loadOrCreate(home)).isEqualTo(token);
        assertThat(AgentEndpoint.resolve(null, java.util.Map.of(), home).token()).isEqualTo(token);
    }

    @Test
    void tokensAreFreshEachTime() {
        assertThat(AgentToken.fresh()).isNotEqualTo(AgentToken.fresh());
    }

    @Test
    void onlyTheExactBearerTokenAuthorizes() {
        assertThat(AgentToken.authorizes("s3cret", "Bearer s3cret")).isTrue();
        assertThat(AgentToken.authorizes("s3cret", "bearer s3cret")).isTrue();
        assertThat(AgentToken.authorizes("s3cret", "Bearer s3cre")).isFalse();
        assertThat(AgentToken.authorizes("s3cret", "Bearer s3cret2")).isFalse();
        assertThat(AgentToken.authorizes("s3cret", "Basic s3cret")).isFalse();
        assertThat(AgentToken.authorizes("s3cret", null)).isFalse();
    }
}
