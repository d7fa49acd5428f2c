package io.dynod.cli;

import io.dynod.cli.local.LocalRunner;
import io.dynod.cli.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One {@code dynod local} run inside the test JVM: a Procfile in a temp folder, the real
 * command-line parsing, the real runner and real child processes; output captured in memory.
 */
final class LocalSession implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The fixed clock makes every prefix start with this time. */
    static final String TIME = "12:34:56";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();
    private final LocalRunner runner;
    private final CompletableFuture<Integer> exit;

    private LocalSession(Path dir, Map<String, String> realEnv, String... args) {
        LocalCommand command = new LocalCommand();
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs(withProcfile(dir, args));
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:34:56Z"), ZoneOffset.UTC);
        runner = command.prepare(realEnv, out, false, clock);
        exit = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static LocalSession start(Path dir, String procfile, String... args) {
        return start(dir, procfile, Map.of("PATH", System.getenv("PATH")), args);
    }

    static LocalSession start(Path dir, String procfile, Map<String, String> realEnv, String... args) {
        try {
            Files.writeString(dir.resolve("Procfile"), procfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalSession(dir, realEnv, args);
    }

    private static String[] withProcfile(Path dir, String[] args) {
        String[] all = new String[args.length + 2];
        all[0] = "-f";
        all[1] = dir.resolve("Procfile").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String errors() {
        return err.toString();
    }

    List<String> lines() {
        return output().lines().toList();
    }

    /** Waits until a whole output line matches {@code regex}; returns the match. */
    Matcher awaitLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        Matcher[] found = new Matcher[1];
        Await.until(DEADLINE, "a line matching " + regex, () -> {
            for (String line : lines()) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        }, this::output);
        return found[0];
    }

    /** The pid (= process group id) of an instance, from its "started with pid" line. */
    long pidOf(String name) {
        return Long.parseLong(awaitLine(TIME + " " + Pattern.quote(name) + " +\\| started with pid (\\d+)").group(1));
    }

    void requestStop() {
        runner.requestStop();
    }

    boolean finished() {
        return exit.isDone();
    }

    int awaitExit() {
        try {
            return exit.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("dynod local did not finish within " + DEADLINE + "; output:\n" + Await.tail(output()));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (!exit.isDone()) {
            runner.killAll();
            runner.requestStop();
            awaitExit();
        }
    }
}
