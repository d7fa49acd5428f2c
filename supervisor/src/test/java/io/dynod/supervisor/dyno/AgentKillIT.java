package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.linux.LibC;
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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real agent process while its dynos run: 10 dynos, 2 of them write their
 * last lines and exit while the agent is dead; the restarted agent must adopt the other 8 (no
 * duplicates), restart the 2 by policy, and have every log line exactly once.
 */
class AgentKillIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int DYNOS = 10;
    private static final Set<String> ENDING = Set.of("worker.3", "worker.7");

    @TempDir
    Path dir;

    private Process agent;
    private RunDir runDir;

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (runDir != null) {
            for (DynoRecord r : runDir.loadAll()) {
                if (r.pid() > 0 && ProcStat.isRunning(r.pid(), r.pidStartTime())) {
                    LibC.INSTANCE.kill((int) -r.pid(), LibC.SIGKILL); // the dyno's own process group
                }
            }
        }
    }

    @Test
    void killedAgentAdoptsRunningDynosRestartsEndedOnesAndLosesNoLogLine() throws Exception {
        Path home = dir.resolve("home");
        Path appDir = Files.createDirectories(dir.resolve("app"));
        runDir = new RunDir(home.resolve("run"), new StateStore());

        agent = startAgent(home, appDir, "first.out");
        awaitAllUp();
        for (int n = 1; n <= DYNOS; n++) {
            String dyno = "worker." + n;
            Await.until(WAIT, "output of " + dyno, () -> appLines(home, dyno).size() >= 3, () -> describe(home));
        }
        Map<String, DynoRecord> before = records();

        agent.destroyForcibly(); // SIGKILL
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (String dyno : ENDING) {
            Files.createFile(appDir.resolve("stop-" + dyno));
        }
        for (String dyno : ENDING) {
            DynoRecord r = before.get(dyno);
            Await.until(WAIT, dyno + " to end while the agent is down",
                    () -> !ProcStat.isRunning(r.pid(), r.pidStartTime()), () -> describe(home));
        }
        for (String dyno : ENDING) {
            Files.delete(appDir.resolve("stop-" + dyno));
        }

        agent = startAgent(home, appDir, "second.out");
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
        assertThat(shimsPerDyno(appDir)).as("exactly one running process per dyno")
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
    }

    // ---- helpers ----

    private Process startAgent(Path home, Path appDir, String out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = dir.resolve(out);
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                TestAgent.class.getName(), home.toString(), appDir.toString(), Integer.toString(DYNOS))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
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

    /** The inner shell's pid ($$ in the dyno's lines) of the process the record names. */
    private static String firstProcessShellPid(List<String> written, DynoRecord record) {
        return written.stream().filter(l -> l.startsWith(record.dyno() + " ")).map(l -> l.split(" ")[1])
                .findFirst().orElseThrow();
    }

    /** Live dyno shims started by this test, counted per DYNO. */
    private static Map<String, Integer> shimsPerDyno(Path appDir) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline"));
                    if (!cmdline.contains("dynod-shim") || !Files.readSymbolicLink(proc.resolve("cwd")).equals(appDir)) {
                        continue;
                    }
                    long pid = Long.parseLong(proc.getFileName().toString());
                    if (ProcStat.read(pid).map(s -> s.state() == 'Z' || s.processGroup() != pid).orElse(true)) {
                        continue; // a zombie, or the shim's own child shell
                    }
                    for (String var : Files.readString(proc.resolve("environ")).split("\0")) {
                        if (var.startsWith("DYNO=")) {
                            counts.merge(var.substring(5), 1, Integer::sum);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // ended while we looked
                }
            }
        }
        return counts;
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
