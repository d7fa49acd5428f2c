package io.dynod.cli.local;

import io.dynod.supervisor.linux.LibC;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a set of process instances in the foreground, foreman style: when one exits, all are
 * stopped (SIGTERM to every process group, SIGKILL after the grace time), unless it may die
 * ({@code --can-die}) or is restarted ({@code --restart}). One thread owns all state: process
 * exits, restart timers and stop requests arrive as events on a queue.
 */
public final class LocalRunner {

    /** How the runner treats exits and stops. */
    public record Settings(boolean restart, Set<String> canDie, Duration grace, Duration firstBackoff, Duration maxBackoff) {
        public Settings {
            canDie = Set.copyOf(canDie);
        }

        public static Settings defaults() {
            return new Settings(false, Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
        }

        public Settings withRestart(boolean on) {
            return new Settings(on, canDie, grace, firstBackoff, maxBackoff);
        }

        public Settings withCanDie(Set<String> types) {
            return new Settings(restart, types, grace, firstBackoff, maxBackoff);
        }

        public Settings withGrace(Duration time) {
            return new Settings(restart, canDie, time, firstBackoff, maxBackoff);
        }
    }

    private interface Event {}

    private record Exited(ManagedProcess process, ManagedProcess.Launch launch, int status) implements Event {}

    private record RestartDue(ManagedProcess process) implements Event {}

    private record StopRequested() implements Event {}

    private static final long POLL_MILLIS = 50;
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final List<ManagedProcess> processes = new ArrayList<>();
    private final OutputPrefixer out;
    private final Settings settings;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Set<ProcessGroup> groups = ConcurrentHashMap.newKeySet();
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dynod-local-restart-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<ManagedProcess, ManagedProcess.Launch> running = new ConcurrentHashMap<>();
    private int pendingRestarts;
    private boolean stopping;
    private long killAtNanos;
    private long giveUpAtNanos;
    private boolean killed;
    private int exitStatus;

    public LocalRunner(List<ProcessSpec> specs, Map<String, String> environment, Path directory, OutputPrefixer out,
            Settings settings) {
        this.out = out;
        this.settings = settings;
        for (int slot = 0; slot < specs.size(); slot++) {
            processes.add(new ManagedProcess(specs.get(slot), slot, environment, directory, out));
        }
    }

    /** Width of the widest instance name, for aligned prefixes. */
    public static int nameWidth(List<ProcessSpec> specs) {
        return specs.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    }

    /** Starts every process and blocks until all have stopped; returns dynod local's exit status. */
    public int run() throws InterruptedException {
        try {
            for (ManagedProcess process : processes) {
                if (!stopping) {
                    launch(process);
                }
            }
            loop();
            awaitOutput();
            return exitStatus;
        } finally {
            timer.shutdownNow();
        }
    }

    /** A stop request (Ctrl-C, SIGTERM): the first stops gracefully, a second kills at once. */
    public void requestStop() {
        events.add(new StopRequested());
    }

    /** Last resort when the JVM goes down with processes still running: SIGKILL every group. */
    public void killAll() {
        for (ProcessGroup group : groups) {
            group.signal(LibC.SIGKILL);
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            Event event = stopping ? events.poll(POLL_MILLIS, TimeUnit.MILLISECONDS) : events.take();
            if (event != null) {
                handle(event);
            }
            if (!stopping && running.isEmpty() && pendingRestarts == 0) {
                groups.removeIf(ProcessGroup::isEmpty);
                if (groups.isEmpty()) {
                    out.system("every process has exited");
                    return;
                }
                beginStop("every process has exited, but some left children behind");
            }
            if (stopping && stopProgress()) {
                return;
            }
        }
    }

    private void handle(Event event) {
        if (event instanceof Exited exited) {
            exited(exited);
        } else if (event instanceof RestartDue due) {
            pendingRestarts--;
            if (!stopping) {
                launch(due.process());
            }
        } else if (event instanceof StopRequested) {
            if (!stopping) {
                beginStop("stop requested");
            } else if (!killed) {
                out.system("second stop request: killing at once");
                killAtNanos = System.nanoTime();
            }
        }
    }

    private void exited(Exited exited) {
        ManagedProcess process = exited.process();
        running.remove(process, exited.launch());
        if (exited.launch().group().isEmpty()) {
            groups.remove(exited.launch().group());
        }
        process.print("exited with code " + exited.status());
        if (stopping) {
            return;
        }
        if (exited.status() != 0) {
            recordFailure(exited.status());
        }
        String type = process.spec().type();
        if (settings.canDie().contains(type)) {
            return;
        }
        if (settings.restart()) {
            scheduleRestart(process, exited.launch());
            return;
        }
        beginStop(process.name() + " exited");
    }

    private void scheduleRestart(ManagedProcess process, ManagedProcess.Launch launch) {
        long ran = System.nanoTime() - launch.startedNanos();
        int crashes = process.countCrash(ran, settings.maxBackoff().toNanos());
        long delay = Math.min(settings.maxBackoff().toMillis(),
                settings.firstBackoff().toMillis() << Math.min(crashes - 1, 20));
        process.print("restarting in " + formatMillis(delay));
        pendingRestarts++;
        timer.schedule(() -> events.add(new RestartDue(process)), delay, TimeUnit.MILLISECONDS);
    }

    private void launch(ManagedProcess process) {
        try {
            ManagedProcess.Launch launch = process.launch();
            groups.add(launch.group());
            pumps.removeIf(pump -> !pump.isAlive());
            pumps.addAll(launch.pumps());
            running.put(process, launch);
            launch.group().leader().onExit().thenAccept(p -> events.add(new Exited(process, launch, p.exitValue())));
        } catch (IOException e) {
            process.print("cannot start: " + e.getMessage());
            recordFailure(1);
            beginStop(process.name() + " could not start");
        }
    }

    private void beginStop(String reason) {
        stopping = true;
        killAtNanos = System.nanoTime() + settings.grace().toNanos();
        out.system(reason + ": sending SIGTERM to all processes");
        for (ProcessGroup group : groups) {
            group.signal(LibC.SIGTERM);
        }
    }

    /** One step of a stop in progress; true once every process group is empty (or given up). */
    private boolean stopProgress() {
        groups.removeIf(ProcessGroup::isEmpty);
        if (groups.isEmpty()) {
            // Done once every exit has also been reported (its event may still be queued).
            return running.isEmpty();
        }
        long now = System.nanoTime();
        if (!killed && now - killAtNanos >= 0) {
            killed = true;
            giveUpAtNanos = now + KILL_WAIT.toNanos();
            for (ProcessGroup group : groups) {
                out.system("sending SIGKILL to " + group.name() + " (process group " + group.pgid() + ")");
                group.signal(LibC.SIGKILL);
            }
        } else if (killed && now - giveUpAtNanos >= 0) {
            for (ProcessGroup group : groups) {
                out.system("process group " + group.pgid() + " of " + group.name() + " survived SIGKILL");
            }
            recordFailure(1);
            return true;
        }
        return false;
    }

    private void recordFailure(int status) {
        if (exitStatus == 0) {
            exitStatus = status > 0 && status < 256 ? status : 1;
        }
    }

    /** Lets the pumps copy what the processes wrote last, without waiting for ever on a leaked pipe. */
    private void awaitOutput() throws InterruptedException {
        long deadline = System.nanoTime() + OUTPUT_DRAIN.toNanos();
        for (Thread pump : pumps) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(pump, left);
            }
        }
    }

    private static String formatMillis(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
