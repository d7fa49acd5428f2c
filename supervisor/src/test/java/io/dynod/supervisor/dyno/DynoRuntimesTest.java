package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.launch.HostCapabilities;
import io.dynod.supervisor.launch.IsolationPolicy;
import io.dynod.supervisor.launch.IsolationUnavailableException;
import io.dynod.supervisor.launch.LaunchConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime is chosen once from the host's capabilities and the isolation policy. */
class DynoRuntimesTest {
    private static final HostCapabilities LACKING = new HostCapabilities(true, Optional.empty(),
            "no usable cgroup hierarchy mounted", Optional.empty(), Optional.of(Path.of("/usr/bin/unshare")),
            Optional.of(Path.of("/usr/bin/setpriv")), true);

    @TempDir
    Path home;

    @Test
    void preferOnAHostThatCannotIsolateRunsPlainProcesses() {
        try (DynoRuntime runtime = DynoRuntimes.choose(LaunchConfig.defaults(home), LACKING)) {
            assertThat(runtime).isInstanceOf(ProcessDynoRuntime.class);
        }
    }

    @Test
    void requireOnAHostThatCannotIsolateRefusesNamingWhatIsMissing() {
        LaunchConfig config = LaunchConfig.defaults(home).withIsolation(IsolationPolicy.REQUIRE);

        assertThatThrownBy(() -> DynoRuntimes.choose(config, LACKING))
                .isInstanceOf(IsolationUnavailableException.class)
                .hasMessageContaining("cgroups (no usable cgroup hierarchy mounted)")
                .hasMessageContaining("tini");
    }

    @Test
    void offRunsPlainProcessesWhateverTheHostOffers() {
        LaunchConfig config = LaunchConfig.defaults(home).withIsolation(IsolationPolicy.OFF);
        try (DynoRuntime runtime = DynoRuntimes.choose(config, HostCapabilities.probe(config.cgroupPrefix()))) {
            assertThat(runtime).isInstanceOf(ProcessDynoRuntime.class);
        }
    }
}
