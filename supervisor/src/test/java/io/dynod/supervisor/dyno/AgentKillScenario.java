package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.logs.LogJournal;
import io.dynod.supervisor.logs.LogLine;
import io.dynod.supervisor.logs.LogSource;
import io.dynod.supervisor.state.DynoRecord;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import io.dynod.supervisor.testing.Await;
import io.dynod.supervisor.testing.TestAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real agent process ({@link TestAgent}) while its dynos run: 10 dynos, 2 of
 * them write their last lines and exit while the agent is dead; the restarted agent must adopt
 * the other 8 (same pids, no duplicates), restart the 2 by policy with the status from their
 * exit-status files, and have every log line exactly once; a drain then leaves nothing. The
 * runtime specifics are the subclasses' hooks.
 */
abstract class AgentKillScenario {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int DYNOS = 10;
    private static final Set<String> ENDING = Set.of("worker.3", "worker.7");

    @TempDir
    Path dir;

    private Process agent;
    private RunDir runDir;

    /** Arguments after {@code HOME APP_DIR DYNOS} for {@link TestAgent}. */
    abstract List<String> agentArgs(Path appDir) throws IOException;

    /** The live dynos this test started, counted per dyno name. */
    abstract Map<String, Integer> runningPerDyno(Path appDir) throws IOException;

    /** After a drain: nothing of the runtime's is left (beyond no recorded process running). */
    abstract void assertNothingLeft(Path home);

    /** Kills whatever the test's dynos left running; {@code records} are the last ones stored. */
    abstract void killLeftovers(Path home, List<DynoRecord> records) throws IOException;

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        killLeftovers(dir.resolve("home"), runDir == null ? List.of() : runDir.loadAll());
    }

    @Test
    void killedAgentAdoptsRunningDynosRestartsEndedOnesAndLosesNoLogLine() throws Exception {
        Path home = dir.resolve("home");
        Path appDir = Files.createDirectories(dir.resolve("app"));
        runDir = new RunDir(home.resolve("run"), new StateStore());
        List<String> args = agentArgs(appDir);
        Path stopDir = Path.of(args.get(0));

        agent = startAgent(home, appDir, args, "first.out");
        awaitAllUp();
        for (int n = 1; n <= DYNOS; n++) {
            String dyno = "worker." + n;
            Await.until(WAIT, "output of " + dyno, () -> appLines(home, dyno).size() >= 3, () -> describe(home));
        }
        Map<String, DynoRecord> before = records();

        agent.destroyForcibly(); // SIGKILL
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (String dyno : ENDING) {
            Files.createFile(stopDir.resolve("stop-" + dyno));
        }
        for (String dyno : ENDING) {
            DynoRecord r = before.get(dyno);
            Await.until(WAIT, dyno + " to end while the agent is down",
                    () -> !ProcStat.isRunning(r.pid(), r.pidStartTime()), () -> describe(home));
        }
        for (String dyno : ENDING) {
            Files.delete(stopDir.resolve("stop-" + dyno));
        }

        agent = startAgent(home, appDir, args, "second.out");
        awaitAllUp();
        Map<String, DynoRecord> after = records();
        for (int n = 1; n <= DYNOS; n++) {
            String dyno = "worker." + n;
            if (ENDING.contains(dyno)) {
                assertThat(after.get(dyno).pid()).as(dyno + " restarted").isNotEqualTo(before.get(dyno).pid());
                assertThat(systemLines(home, dyno)).containsSubsequence("Process exited with status 3",
                        "State changed from up to crashed", "State changed from crashed to starting",
                        "State changed from starting to up");
            } else {
                assertThat(after.get(dyno).pid()).as(dyno + " adopted").isEqualTo(before.get(dyno).pid());
                assertThat(systemLines(home, dyno)).as(dyno + " was never restarted")
                        .containsOnlyOnce("State changed from down to starting");
            }
        }
        assertThat(runningPerDyno(appDir)).as("exactly one running process per dyno")
                .hasSize(DYNOS).allSatisfy((dyno, count) -> assertThat(count).as(dyno).isEqualTo(1));

        // every line each process wrote to its log file is in the app log exactly once, in order
        for (int n = 1; n <= DYNOS; n++) {
            String dyno = "worker." + n;
            Path logFile = runDir.logFile(TestAgent.APP, io.dynod.supervisor.dyno.DynoName.parse(dyno));
            List<String> logged = appLines(home, dyno);
            List<String> written = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            assertThat(written.subList(0, Math.min(written.size(), logged.size()))).as(dyno).isEqualTo(logged);
            if (ENDING.contains(dyno)) {
                String oldPid = " " + firstProcessShellPid(written, before.get(dyno)) + " ";
                long oldLines = written.stream().filter(l -> l.contains(oldPid)).count();
                assertThat(logged.stream().filter(l -> l.contains(oldPid)).count())
                        .as(dyno + ": lines written while the agent was down").isEqualTo(oldLines);
            }
        }

        // stopping adopted and restarted dynos alike leaves nothing behind
        agent.getOutputStream().write("drain\n".getBytes(StandardCharsets.UTF_8));
        agent.getOutputStream().flush();
        Path output = dir.resolve("second.out");
        Await.until(WAIT, "agent DRAINED", () -> read(output).contains("DRAINED"), () -> read(output));
        assertThat(records()).as("no dyno record left").isEmpty();
        for (DynoRecord r : after.values()) {
            assertThat(ProcStat.isRunning(r.pid(), r.pidStartTime())).as(r.dyno() + " still running").isFalse();
        }
        assertNothingLeft(home);
    }

    // ---- helpers ----

    private Process startAgent(Path home, Path appDir, List<String> args, String out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = dir.resolve(out);
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                TestAgent.class.getName(), home.toString(), appDir.toString(), Integer.toString(DYNOS)));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Await.until(WAIT, "agent READY", () -> read(output).contains("READY"), () -> read(output));
        return p;
    }

    private void awaitAllUp() {
        Await.until(WAIT, "all " + DYNOS + " dynos up", () -> {
            Map<String, DynoRecord> r = records();
            return r.size() == DYNOS && r.values().stream().allMatch(d -> d.state().equals("up") && d.pid() > 0);
        }, () -> records().toString());
    }

    private Map<String, DynoRecord> records() {
        try {
            return runDir.loadAll().stream().collect(Collectors.toMap(DynoRecord::dyno, r -> r));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<LogLine> journal(Path home) {
        try {
            return new LogJournal(home.resolve("journal").resolve(TestAgent.APP + ".log.jsonl"), Long.MAX_VALUE, 1_000_000)
                    .load().lines();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> appLines(Path home, String dyno) {
        return journal(home).stream().filter(l -> l.dyno().equals(dyno) && l.source() == LogSource.APP)
                .map(LogLine::text).toList();
    }

    private static List<String> systemLines(Path home, String dyno) {
        return journal(home).stream().filter(l -> l.dyno().equals(dyno) && l.source() == LogSource.DYNOD)
                .map(LogLine::text).toList();
    }

    /** The id ($$ plus a random part) in the first lines of the process the record names. */
    private static String firstProcessShellPid(List<String> written, DynoRecord record) {
        return written.stream().filter(l -> l.startsWith(record.dyno() + " ")).map(l -> l.split(" ")[1])
                .findFirst().orElseThrow();
    }

    private String describe(Path home) {
        List<String> lines = new ArrayList<>();
        journal(home).stream().filter(l -> l.source() == LogSource.DYNOD).forEach(l -> lines.add(l.toString()));
        lines.add("records: " + records());
        return String.join("\n", lines);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
