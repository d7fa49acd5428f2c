package io.dynod.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.protocol.model.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentEndpointTest {

    @TempDir
    Path home;

    @Test
    void defaultsToTheLocalAgentWithoutAToken() {
        AgentEndpoint endpoint = AgentEndpoint.resolve(null, Map.of(), home);
        assertThat(endpoint.url()).isEqualTo(URI.create("http://127.0.0.1:5005"));
        assertThat(endpoint.token()).isNull();
        assertThat(endpoint.tokenHint()).isEqualTo("no token: set DYNOD_TOKEN or make $DYNOD_HOME/agent.token readable");
    }

    @Test
    void flagBeatsEnvironmentWhichBeatsTheDefault() {
        Map<String, String> env = Map.of("DYNOD_AGENT_URL", "http://10.0.0.2:5005");
        assertThat(AgentEndpoint.resolve(null, env, home).base()).isEqualTo("http://10.0.0.2:5005");
        assertThat(AgentEndpoint.resolve("http://127.0.0.1:6000/", env, home).base()).isEqualTo("http://127.0.0.1:6000");
    }

    @Test
    void tokenFromEnvironmentBeatsTheTokenFile() throws IOException {
        Files.writeString(DynodHome.tokenFile(home), "from-file\n");
        AgentEndpoint fromFile = AgentEndpoint.resolve(null, Map.of(), home);
        assertThat(fromFile.token()).isEqualTo("from-file");
        assertThat(fromFile.tokenHint()).isEqualTo("the agent refused the token from " + home.resolve("agent.token"));

        AgentEndpoint fromEnv = AgentEndpoint.resolve(null, Map.of("DYNOD_TOKEN", "from-env"), home);
        assertThat(fromEnv.token()).isEqualTo("from-env");
        assertThat(fromEnv.tokenHint()).isEqualTo("the agent refused the token from DYNOD_TOKEN");
    }

    @Test
    void badUrlsSayWhereTheyCameFrom() {
        assertThatThrownBy(() -> AgentEndpoint.resolve("localhost:5005", Map.of(), home))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--agent \"localhost:5005\": must be an agent URL like http://127.0.0.1:5005");
        assertThatThrownBy(() -> AgentEndpoint.resolve(null, Map.of("DYNOD_AGENT_URL", "ftp://h"), home))
                .hasMessage("DYNOD_AGENT_URL \"ftp://h\": must be an agent URL like http://127.0.0.1:5005");
    }

    @Test
    void dynodHomeFollowsTheProductRule() {
        Path user = Path.of("/home/ann");
        assertThat(DynodHome.resolve(Map.of(), true, user)).isEqualTo(Path.of("/var/lib/dynod"));
        assertThat(DynodHome.resolve(Map.of(), false, user)).isEqualTo(Path.of("/home/ann/.local/share/dynod"));
        assertThat(DynodHome.resolve(Map.of("DYNOD_HOME", "/srv/dynod"), true, user)).isEqualTo(Path.of("/srv/dynod"));
    }
}
