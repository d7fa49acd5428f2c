package io.dynod.cli;

import static io.dynod.cli.LocalSession.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.cli.local.LocalException;
import io.dynod.cli.testing.HostTools;
import io.dynod.cli.testing.ProcTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynod local} end to end inside the JVM, with real child processes in their own groups. */
class LocalCommandIT {

    private static final String SHOW_ENV =
            "echo \"PORT=$PORT DYNO=$DYNO PS=$PS REAL=$REAL OVER=$OVER DOT=$DOT\"; exec sleep 300";

    @TempDir
    Path dir;

    @BeforeEach
    void needsProcessTools() {
        HostTools.require("setsid", "sh", "sleep", "ps");
    }

    @Test
    void portsAndEnvironmentFollowProcfileOrderFormationAndEnvFiles() throws Exception {
        Files.writeString(dir.resolve("dev.env"), "OVER=from-env-file\nDOT=\"two words\"\nexport PORT=1\n");
        Map<String, String> real = Map.of("PATH", System.getenv("PATH"), "REAL", "real", "OVER", "real");
        try (LocalSession run = LocalSession.start(dir,
                "web: " + SHOW_ENV + "\nclock: " + SHOW_ENV + "\nworker: " + SHOW_ENV + "\n",
                real, "-m", "web=2,worker=1", "-p", "7000", "-e", dir.resolve("dev.env").toString())) {
            String env = " REAL=real OVER=from-env-file DOT=two words";
            run.awaitLine(TIME + " web\\.1    \\| PORT=7000 DYNO=web\\.1 PS=web\\.1" + env);
            run.awaitLine(TIME + " web\\.2    \\| PORT=7001 DYNO=web\\.2 PS=web\\.2" + env);
            run.awaitLine(TIME + " worker\\.1 \\| PORT=7200 DYNO=worker\\.1 PS=worker\\.1" + env);
            run.requestStop();
            assertThat(run.awaitExit()).isZero();
            assertThat(run.output()).doesNotContain("clock.");
        }
    }

    @Test
    void basePortComesFromTheDefaultEnvFileBesideTheProcfile() throws Exception {
        Files.writeString(dir.resolve(".env"), "PORT=6200\n");
        try (LocalSession run = LocalSession.start(dir, "first: exec sleep 300\nweb: " + SHOW_ENV + "\n")) {
            run.awaitLine(TIME + " web\\.1   \\| PORT=6300 DYNO=web\\.1 .*");
            run.requestStop();
            assertThat(run.awaitExit()).isZero();
        }
    }

    @Test
    void everyLineIsPrefixedWholeAndStderrIsIncluded() {
        String a = "A".repeat(3000);
        String b = "B".repeat(3000);
        try (LocalSession run = LocalSession.start(dir,
                "alpha: yes " + a + " | head -n 400; printf 'no newline at end'\n"
                        + "beta: yes " + b + " | head -n 400; echo 'to stderr' >&2; echo done; exec sleep 300\n",
                "--can-die", "alpha")) {
            run.awaitLine(TIME + " alpha\\.1 \\| no newline at end");
            run.awaitLine(TIME + " beta\\.1  \\| done");
            run.requestStop();
            run.awaitExit();
            assertThat(run.output()).contains(TIME + " beta.1  | to stderr\n");
            Pattern whole = Pattern.compile(TIME + " (alpha\\.1 \\| " + a + "|beta\\.1  \\| " + b + ")");
            long big = run.lines().stream().filter(l -> l.contains("AAAAAAAAAA") || l.contains("BBBBBBBBBB")).count();
            assertThat(big).isEqualTo(800);
            assertThat(run.lines().stream().filter(l -> l.contains("AAAAAAAAAA") || l.contains("BBBBBBBBBB")))
                    .allMatch(l -> whole.matcher(l).matches());
            assertThat(run.lines()).allMatch(l -> l.matches(TIME + " (alpha\\.1|beta\\.1 |system ) \\| .*"));
        }
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGraceTimeWithItsWholeGroup() {
        try (LocalSession run = LocalSession.start(dir,
                "stubborn: trap '' TERM; sleep 300 & echo \"child $!\"; wait; wait\n"
                        + "polite: exec sleep 300\n",
                "-t", "1")) {
            long group = run.pidOf("stubborn.1");
            long child = Long.parseLong(run.awaitLine(TIME + " stubborn\\.1 \\| child (\\d+)").group(1));
            long polite = run.pidOf("polite.1");
            assertThat(ProcTable.ids(child)[1]).as("background child is in the stubborn group").isEqualTo(group);
            run.requestStop();
            assertThat(run.awaitExit()).isZero();
            assertThat(run.output())
                    .contains("system     | stop requested: sending SIGTERM to all processes")
                    .contains("system     | sending SIGKILL to stubborn.1 (process group " + group + ")")
                    .doesNotContain("SIGKILL to polite.1")
                    .contains("polite.1   | exited with code 143")
                    .contains("stubborn.1 | exited with code 137");
            assertThat(ProcTable.liveMembersOfGroup(group)).isEmpty();
            assertThat(ProcTable.liveMembersOfGroup(polite)).isEmpty();
            assertThat(ProcTable.isLive(child)).isFalse();
        }
    }

    @Test
    void secondStopRequestKillsAtOnce() {
        try (LocalSession run = LocalSession.start(dir, "stubborn: trap '' TERM; echo ready; while :; do sleep 1; done\n",
                "-t", "600")) {
            long group = run.pidOf("stubborn.1");
            run.awaitLine(TIME + " stubborn\\.1 \\| ready");
            run.requestStop();
            run.awaitLine(TIME + " system     \\| stop requested: sending SIGTERM to all processes");
            run.requestStop();
            run.awaitExit(); // well before the 600 s grace time
            assertThat(run.output()).contains("second stop request: killing at once")
                    .contains("sending SIGKILL to stubborn.1");
            assertThat(ProcTable.liveMembersOfGroup(group)).isEmpty();
        }
    }

    @Test
    void whenOneProcessExitsTheOthersAreStoppedAndItsStatusIsTheExitStatus() {
        try (LocalSession run = LocalSession.start(dir, "server: exec sleep 300\nfailing: echo failing soon; exit 3\n")) {
            long server = run.pidOf("server.1");
            assertThat(run.awaitExit()).isEqualTo(3);
            assertThat(run.output())
                    .contains("failing.1 | exited with code 3")
                    .contains("system    | failing.1 exited: sending SIGTERM to all processes")
                    .contains("server.1  | exited with code 143");
            assertThat(ProcTable.liveMembersOfGroup(server)).isEmpty();
        }
    }

    @Test
    void aCleanExitStillStopsTheOthersButTheStatusIsZero() {
        try (LocalSession run = LocalSession.start(dir, "server: exec sleep 300\ndone: true\n")) {
            assertThat(run.awaitExit()).isZero();
            assertThat(run.output()).contains("done.1   | exited with code 0").contains("server.1 | exited with code 143");
        }
    }

    @Test
    void restartRelaunchesACrashedProcessAfterABackoff() throws Exception {
        Path count = dir.resolve("count");
        String flaky = "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo \"attempt $n\";"
                + " if [ $n -lt 3 ]; then exit 2; fi; exec sleep 300";
        try (LocalSession run = LocalSession.start(dir, "flaky: " + flaky + "\nsteady: exec sleep 300\n", "--restart")) {
            long steady = run.pidOf("steady.1");
            run.awaitLine(TIME + " flaky\\.1  \\| attempt 3");
            assertThat(run.output())
                    .contains("flaky.1  | exited with code 2")
                    .contains("flaky.1  | restarting in 1 s")
                    .contains("flaky.1  | restarting in 2 s")
                    .doesNotContain("sending SIGTERM");
            assertThat(ProcTable.liveMembersOfGroup(steady)).isNotEmpty();
            assertThat(Files.readString(count).strip()).isEqualTo("3");
            run.requestStop();
            assertThat(run.awaitExit()).as("a process failed earlier").isEqualTo(2);
        }
    }

    @Test
    void canDieLetsATypeExitAloneWhileTheOthersKeepRunning() {
        try (LocalSession run = LocalSession.start(dir, "setup: echo migrated; exit 0\nweb: exec sleep 300\n",
                "--can-die", "setup")) {
            long web = run.pidOf("web.1");
            run.awaitLine(TIME + " setup\\.1 \\| exited with code 0");
            run.requestStop();
            assertThat(run.awaitExit()).isZero();
            assertThat(run.output())
                    .doesNotContain("setup.1 exited: sending SIGTERM")
                    .contains("system  | stop requested: sending SIGTERM to all processes")
                    .contains("web.1   | exited with code 143");
            assertThat(ProcTable.liveMembersOfGroup(web)).isEmpty();
        }
    }

    @Test
    void whenEveryProcessMayDieTheRunEndsWithTheFailureStatus() {
        try (LocalSession run = LocalSession.start(dir, "a: exit 0\nb: exit 4\n", "--can-die", "a,b")) {
            assertThat(run.awaitExit()).isEqualTo(4);
            assertThat(run.output()).contains("system | every process has exited");
        }
    }

    @Test
    void childrenLeftBehindByProcessesThatMayDieAreStoppedAtTheEnd() {
        try (LocalSession run = LocalSession.start(dir, "spawner: sleep 300 & echo \"child $!\"\n", "--can-die", "spawner")) {
            long group = run.pidOf("spawner.1");
            long child = Long.parseLong(run.awaitLine(TIME + " spawner\\.1 \\| child (\\d+)").group(1));
            assertThat(run.awaitExit()).isZero();
            assertThat(run.output()).contains("every process has exited, but some left children behind");
            assertThat(ProcTable.isLive(child)).isFalse();
            assertThat(ProcTable.liveMembersOfGroup(group)).isEmpty();
        }
    }

    @Test
    void aSingleNamedProcessRunsAlone() {
        try (LocalSession run = LocalSession.start(dir, "web: " + SHOW_ENV + "\nworker: " + SHOW_ENV + "\n",
                "worker", "-p", "8000")) {
            run.awaitLine(TIME + " worker\\.1 \\| PORT=8100 DYNO=worker\\.1 .*");
            run.requestStop();
            assertThat(run.awaitExit()).isZero();
            assertThat(run.output()).doesNotContain("web.1");
        }
    }

    @Test
    void procfileWarningsGoToStderrAndBadNamesAreErrors() {
        try (LocalSession run = LocalSession.start(dir, "web: exec sleep 300\nnot an entry\n")) {
            assertThat(run.errors()).contains(dir.resolve("Procfile") + ":2: warning: ignored: not a \"name: command\" line");
            run.requestStop();
            run.awaitExit();
        }
        assertThatThrownBy(() -> LocalSession.start(dir, "web: true\n", "wbe"))
                .isInstanceOf(LocalException.class)
                .hasMessage("process: no process type \"wbe\" in " + dir.resolve("Procfile") + " (it has web)");
        assertThatThrownBy(() -> LocalSession.start(dir, "web: true\n", "--can-die", "worker"))
                .isInstanceOf(LocalException.class)
                .hasMessageStartingWith("--can-die: no process type \"worker\"");
    }
}
