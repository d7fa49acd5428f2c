package io.dynod.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import io.dynod.cli.testing.HostTools;
import io.dynod.cli.testing.ProcTable;
import io.dynod.supervisor.linux.LibC;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGroupIT {

    @TempDir
    Path dir;

    @Test
    void setsidExecsInPlaceSoTheChildLeadsItsOwnGroupAndSession() throws Exception {
        HostTools.require("setsid", "sh", "sleep", "ps");
        OutputPrefixer out = new OutputPrefixer(new ByteArrayOutputStream(), false, Clock.systemUTC(), 8);
        ManagedProcess managed = new ManagedProcess(new ProcessSpec("web", 1, "sleep 300 & wait", 5000), 0,
                Map.of("PATH", System.getenv("PATH")), dir, out);
        ManagedProcess.Launch launch = managed.launch();
        ProcessGroup group = launch.group();
        try {
            long pid = launch.group().leader().pid();
            Await.until(Duration.ofSeconds(10), "the child to call setsid",
                    () -> ProcTable.ids(pid)[2] == pid, () -> ProcTable.liveMembersOfGroup(pid).toString());
            assertThat(ProcTable.ids(pid)).containsExactly(pid, pid, pid);
            assertThat(group.pgid()).isEqualTo((int) pid);
            assertThat(ProcTable.ids(ProcessHandle.current().pid())[1]).isNotEqualTo(pid);
            Await.until(Duration.ofSeconds(10), "sh and its background sleep in the group",
                    () -> ProcTable.liveMembersOfGroup(pid).size() == 2, () -> ProcTable.liveMembersOfGroup(pid).toString());
            assertThat(ProcessGroup.livingMembers((int) pid)).containsExactlyInAnyOrderElementsOf(ProcTable.liveMembersOfGroup(pid));
            assertThat(group.isEmpty()).isFalse();

            group.signal(LibC.SIGKILL);
            Await.until(Duration.ofSeconds(10), "the group to empty", group::isEmpty,
                    () -> ProcTable.liveMembersOfGroup(pid).toString());
            assertThat(ProcTable.liveMembersOfGroup(pid)).isEmpty();
        } finally {
            group.signal(LibC.SIGKILL);
        }
    }
}
