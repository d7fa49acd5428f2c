package io.dynod.cli.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One instance slot ({@code web.1}): knows how to launch its command in a fresh process group
 * with its environment, and feeds both output streams to the prefixer.
 */
final class ManagedProcess {

    /** One launch of the slot's command and the threads copying its output. */
    record Launch(ProcessGroup group, List<Thread> pumps, long startedNanos) {}

    private final ProcessSpec spec;
    private final int slot;
    private final Map<String, String> environment;
    private final Path directory;
    private final OutputPrefixer out;
    private int consecutiveCrashes;

    ManagedProcess(ProcessSpec spec, int slot, Map<String, String> baseEnvironment, Path directory, OutputPrefixer out) {
        this.spec = spec;
        this.slot = slot;
        this.environment = ProcessEnvironment.forInstance(baseEnvironment, spec);
        this.directory = directory;
        this.out = out;
    }

    ProcessSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    Launch launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("setsid", "sh", "-c", spec.command())
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        out.line(name(), slot, "started with pid " + process.pid());
        Thread stdout = LinePump.start("dynod-local-" + name() + "-out", process.getInputStream(), this::print);
        Thread stderr = LinePump.start("dynod-local-" + name() + "-err", process.getErrorStream(), this::print);
        return new Launch(new ProcessGroup(name(), process), List.of(stdout, stderr), System.nanoTime());
    }

    void print(String text) {
        out.line(name(), slot, text);
    }

    private void print(byte[] text, int offset, int length) {
        out.line(name(), slot, text, offset, length);
    }

    /** Counts a crash and returns how many in a row, forgetting earlier ones after a long run. */
    int countCrash(long ranNanos, long resetAfterNanos) {
        consecutiveCrashes = ranNanos >= resetAfterNanos ? 1 : consecutiveCrashes + 1;
        return consecutiveCrashes;
    }
}
