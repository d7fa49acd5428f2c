package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.release.DynoSize;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DynoSpecTest {

    private static DynoSpec spec(String app, String dyno, Map<String, String> vars) {
        return new DynoSpec(app, dyno, "run", vars, OptionalInt.of(5001), DynoSize.STANDARD_1X, Path.of("/slug"));
    }

    @Test
    void environmentIsConfigVarsPlusWhatThePlatformOwns() {
        Map<String, String> env = spec("shop", "web.1", Map.of("A", "1", "PORT", "9", "DYNO", "x", "PATH", "/opt/bin"))
                .environment("/app");

        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", "1", "PORT", "5001", "DYNO", "web.1", "HOME", "/app", "PATH", "/opt/bin"));
    }

    @Test
    void workerWithoutPortGetsNoPort() {
        DynoSpec worker = new DynoSpec("shop", "worker.2", "run", Map.of(), OptionalInt.empty(), DynoSize.ECO,
                Path.of("/slug"));

        assertThat(worker.environment("/app")).doesNotContainKey("PORT")
                .containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void badNamesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> spec("Shop", "web.1", Map.of())).hasMessageContaining("app name 'Shop'");
        assertThatThrownBy(() -> spec("shop", "web", Map.of())).hasMessageContaining("dyno name 'web'");
        assertThatThrownBy(() -> spec("shop", "web.1", Map.of("A=B", "1"))).hasMessageContaining("config var name");
        assertThatThrownBy(() -> spec("shop", "web.1", Map.of("A", "x\0y"))).hasMessageContaining("NUL");
    }
}
