package io.dynod.supervisor.dyno;

import io.dynod.supervisor.linux.LibC;
import io.dynod.supervisor.state.DynoRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link AgentKillScenario} with plain processes ({@link ProcessDynoRuntime}); runs anywhere. */
class AgentKillIT extends AgentKillScenario {

    @Override
    List<String> agentArgs(Path appDir) {
        return List.of(appDir.toString()); // STOP_DIR: the dynos' HOME
    }

    @Override
    Map<String, Integer> runningPerDyno(Path appDir) throws IOException {
        return shimsPerDyno(appDir);
    }

    @Override
    void assertNothingLeft(Path home) {
        // every process of a plain dyno is in its process group, which the recorded pids cover
    }

    @Override
    void killLeftovers(Path home, List<DynoRecord> records) {
        for (DynoRecord r : records) {
            if (r.pid() > 0 && ProcStat.isRunning(r.pid(), r.pidStartTime())) {
                LibC.INSTANCE.kill((int) -r.pid(), LibC.SIGKILL); // the dyno's own process group
            }
        }
    }

    /** Live dyno shims started by this test, counted per DYNO. */
    static Map<String, Integer> shimsPerDyno(Path appDir) throws IOException {
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

}
