package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShimCommandTest {
    private static final Map<String, String> ENV = new LinkedHashMap<>(Map.of("PORT", "5000"));

    private static ShimCommand command(boolean isolated, Path slug) {
        return new ShimCommand(Path.of("/run/dynod/dyno-shim.sh"), isolated, "web.1", Path.of("/run/dynod/dynos/a.web.1-x"),
                slug, 61000, 10000, Path.of("/var/lib/dynod/run/a/web.1.1.exit"), List.of(Path.of("/cg/memory/p/l/cgroup.procs"), Path.of("/cg/pids/p/l/cgroup.procs")),
                List.of("/", "/home"), ENV, Path.of("/usr/bin/tini"), "echo hi; exit 3");
    }

    @Test
    void isolatedArgvSeparatesTheListsAndEndsInTiniAndShC() {
        assertThat(command(true, Path.of("/slugs/abc")).argv()).containsExactly(
                "/bin/sh", "/run/dynod/dyno-shim.sh", "isolated", "web.1", "/run/dynod/dynos/a.web.1-x", "/slugs/abc",
                "61000", "10000", "/var/lib/dynod/run/a/web.1.1.exit",
                "/cg/memory/p/l/cgroup.procs", "/cg/pids/p/l/cgroup.procs", "--",
                "/", "/home", "--",
                "PORT=5000",
                "/usr/bin/tini", "-g", "-p", "SIGKILL", "--", "/bin/sh", "-c", "echo hi; exit 3");
    }

    @Test
    void dynoExecArgvHasTheSameListsAndAnEndedEnvList() {
        assertThat(command(true, Path.of("/slugs/abc")).dynoExecArgv(Path.of("/run/dynod/dyno-exec-0123"))).containsExactly(
                "/run/dynod/dyno-exec-0123", "web.1", "/run/dynod/dynos/a.web.1-x", "61000", "10000",
                "/var/lib/dynod/run/a/web.1.1.exit",
                "/cg/memory/p/l/cgroup.procs", "/cg/pids/p/l/cgroup.procs", "--",
                "/", "/home", "--",
                "PORT=5000", "--",
                "/bin/sh", "-c", "echo hi; exit 3");
    }

    @Test
    void dynoExecLaunchesIsolatedDynosOnly() {
        assertThatThrownBy(() -> command(false, Path.of("/slugs/abc")).dynoExecArgv(Path.of("/run/dynod/dyno-exec-0123")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plainArgvHasNoTini() {
        assertThat(command(false, Path.of("/home/me/app, with comma")).argv())
                .doesNotContain("/usr/bin/tini").contains("plain").endsWith("/bin/sh", "-c", "echo hi; exit 3");
    }

    @Test
    void pathsThatWouldBreakOverlayOptionsAreRefused() {
        assertThatThrownBy(() -> command(true, Path.of("/slugs/a,upperdir=/etc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slug dir");
        assertThatThrownBy(() -> command(true, Path.of("/slugs/a b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> command(true, Path.of("/slugs/a:b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
