package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.cgroup.NoopDriver;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostCapabilitiesTest {
    private static final Optional<Path> TOOL = Optional.of(Path.of("/usr/bin/x"));
    private static final Optional<CgroupDriver> CGROUPS = Optional.of(new NoopDriver());

    @Test
    void completeHostIsolatesUnlessTurnedOff() {
        HostCapabilities host = new HostCapabilities(true, CGROUPS, "", TOOL, TOOL, TOOL, true);

        assertThat(host.missing()).isEmpty();
        assertThat(host.isolate(IsolationPolicy.REQUIRE)).isTrue();
        assertThat(host.isolate(IsolationPolicy.PREFER)).isTrue();
        assertThat(host.isolate(IsolationPolicy.OFF)).isFalse();
    }

    @Test
    void hostWithoutTiniDegradesWithOneWarningOrIsRefused() {
        HostCapabilities host = new HostCapabilities(true, CGROUPS, "", Optional.empty(), TOOL, TOOL, true);

        assertThat(host.isolate(IsolationPolicy.PREFER)).isFalse();
        assertThat(host.degradedWarning()).contains("plain processes").contains("tini (apt-get install tini)");
        assertThatThrownBy(() -> host.isolate(IsolationPolicy.REQUIRE))
                .isInstanceOf(IsolationUnavailableException.class)
                .hasMessage("dyno isolation is required but this host lacks: tini (apt-get install tini)");
    }

    @Test
    void nonRootHostNamesRootAndNotTheCgroupsItCouldNotProbe() {
        HostCapabilities host = new HostCapabilities(false, Optional.empty(), "not root", TOOL, TOOL, TOOL, false);

        assertThat(host.missing()).hasSize(2);
        assertThat(host.missing().get(0)).startsWith("root");
        assertThat(host.missing().get(1)).isEqualTo("overlay filesystem");
    }

    @Test
    void cgroupProblemIsReported() {
        HostCapabilities host = new HostCapabilities(true, Optional.empty(), "no usable cgroup hierarchy mounted",
                TOOL, TOOL, TOOL, true);

        assertThat(host.missing()).containsExactly("cgroups (no usable cgroup hierarchy mounted)");
    }
}
