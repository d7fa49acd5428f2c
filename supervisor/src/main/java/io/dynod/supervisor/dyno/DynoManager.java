package io.dynod.supervisor.dyno;

import io.dynod.supervisor.linux.SystemdEnvironment;
import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.logs.LogFileTrimmer;
import io.dynod.supervisor.logs.LogLine;
import io.dynod.supervisor.logs.LogPosition;
import io.dynod.supervisor.logs.LogSource;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.metrics.DynoMetrics;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.FormationPlanner;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.DynoRecord;
import io.dynod.supervisor.state.RunDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heroku's dyno manager for the apps of one agent: it reconciles each app's release and
 * formation with the dynos that run, and applies the lifecycle rules — boot detection and R10,
 * the crash cool-off ladder, SIGTERM → grace → SIGKILL with R12, daily cycling, rolling restarts
 * on a new release — logging every state change as {@code dynod[web.1]: State changed from
 * starting to up} and tailing each dyno's output into the app log.
 *
 * <p>All state lives on one scheduler thread; public methods hand their work to it and return a
 * future, so releases, config changes and scaling are applied one at a time. Dynos are started
 * and stopped through a {@link DynoRuntime}.
 *
 * <p>Every dyno's runtime state (process, log position, state, crash count, deadlines) is kept
 * in the {@link RunDir} as it changes, so that {@link #recover} in a restarted agent re-adopts
 * the dynos still running, handles those that ended meanwhile by the restart policy, and reads
 * their logs on from where the previous run stopped.
 */
public final class DynoManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynoManager.class);
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Duration POSITION_SAVE_EVERY = Duration.ofSeconds(5);

    /** Where an app's release is unpacked; the dyno's working directory. */
    @FunctionalInterface
    public interface AppDirectory {
        Path of(String app, Release release);
    }

    private final DynoRuntime runtime;
    private final BootCheck bootCheck;
    private final ManagerSettings settings;
    private final InstantSource clock;
    private final AppLogs logs;
    private final AppDirectory appDirs;
    private final RunDir runDir;
    private final ScheduledExecutorService loop;
    private final Map<String, ManagedApp> apps = new TreeMap<>();
    private final Map<DynoHandle, DynoSlot> live = new HashMap<>();
    /** Stops in progress; a stopped dyno's exit line waits for its stop's R12 lines. */
    private final Map<DynoHandle, CompletableFuture<Void>> stopsReported = new HashMap<>();
    /** Per live handle: completes once {@link #exited} has handled its end on the loop (what a drain waits for). */
    private final Map<DynoHandle, CompletableFuture<Void>> exitHandled = new HashMap<>();
    private final DynoMetrics metrics = new DynoMetrics();
    private final DynoOutput output;
    private final List<DynoListener> listeners = new CopyOnWriteArrayList<>();

    public DynoManager(DynoRuntime runtime, BootCheck bootCheck, ManagerSettings settings, InstantSource clock,
                       AppLogs logs, AppDirectory appDirs, RunDir runDir) {
        this.runtime = runtime;
        this.bootCheck = bootCheck;
        this.settings = settings;
        this.clock = clock;
        this.logs = logs;
        this.appDirs = appDirs;
        this.runDir = runDir;
        this.output = new DynoOutput(logs, new LogFileTrimmer(settings.logFileCap()), clock);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dynod-dyno-manager");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.loop = executor;
        long poll = settings.logPollInterval().toNanos();
        loop.scheduleWithFixedDelay(() -> output.readAll(this::persistPosition), poll, poll, TimeUnit.NANOSECONDS);
    }

    // ---- public operations (each runs on the manager thread) ----

    /**
     * Makes {@code release} and {@code formation} the app's desired state. A release with a new
     * version resets every crash cool-off and rolls the app's running dynos onto it, one dyno at
     * a time, each after its predecessor has booted.
     */
    public CompletableFuture<Void> apply(String app, Release release, Formation formation) {
        return onLoop(() -> {
            ManagedApp a = apps.computeIfAbsent(app, ManagedApp::new);
            boolean newRelease = a.release != null && a.release.version() != release.version();
            a.release = release;
            a.formation = formation;
            reconcile(a);
            if (newRelease) {
                a.slots.values().forEach(s -> s.backoff.reset());
                roll(a);
            }
            return null;
        });
    }

    /**
     * Picks up after an earlier agent run: {@code desired} is the stored desired state, {@code dynos}
     * the stored dyno records. Each dyno is handled once — re-adopted when its process still runs,
     * treated as crashed (with its recorded exit status) when it ended meanwhile — and only then
     * are the formations reconciled, so no dyno is ever started twice.
     */
    public CompletableFuture<Void> recover(SortedMap<String, AppRecord> desired, List<DynoRecord> dynos) {
        return onLoop(() -> {
            for (AppRecord record : desired.values()) {
                List<Release> releases = record.toReleases();
                if (!releases.isEmpty()) {
                    ManagedApp a = apps.computeIfAbsent(record.name(), ManagedApp::new);
                    a.release = releases.get(releases.size() - 1);
                    a.formation = record.toFormation();
                }
            }
            for (DynoRecord record : dynos) {
                recoverDyno(record);
            }
            runtime.reapStrays(live.keySet().stream().map(DynoHandle::cgroupPath).filter(p -> !p.isEmpty())
                    .collect(Collectors.toSet()));
            for (ManagedApp a : apps.values()) {
                reconcile(a);
            }
            return null;
        });
    }

    /** {@code listener} hears every dyno state change, on the manager thread; it must not block. */
    public void onStateChange(Consumer<DynoChange> listener) {
        listeners.add(listener::accept);
    }

    /**
     * Adds a listener of state changes and removals, first announcing every current dyno to it
     * ({@code from == to}); completes once they were announced. Dynos re-adopted by {@link #recover}
     * are announced only this way, so add it after recovering.
     */
    public CompletableFuture<Void> addListener(DynoListener listener) {
        return onLoop(() -> {
            for (ManagedApp a : apps.values()) {
                for (DynoSlot s : a.slots.values()) {
                    tell(listener, l -> l.changed(new DynoChange(a.name, s.name, s.state, s.state, s.release, s.since,
                            s.spec == null ? OptionalInt.empty() : s.spec.port())));
                }
            }
            listeners.add(listener);
            return null;
        });
    }

    /**
     * {@code apps:destroy}: the app's dynos, one-offs included, stop for good and the manager forgets
     * the app. Completes once every process of the app has exited and its exit was logged, as Heroku's destroy returns
     * with the dynos gone; bounded by the stop grace, after which a stubborn process is killed.
     */
    public CompletableFuture<Void> remove(String app) {
        return onLoop(() -> {
            ManagedApp a = apps.remove(app);
            if (a == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            a.rollGeneration++;
            for (DynoSlot s : List.copyOf(a.slots.values())) {
                a.slots.remove(s.name);
                stopSlot(s);
            }
            List<CompletableFuture<?>> ends = new ArrayList<>();
            for (ManagedApp.OneOffRun run : a.oneOffs.values()) {
                stopOneOff(run.dyno());
                ends.add(run.ended());
            }
            // also the processes still stopping from an earlier restart or scale-down
            ends.add(exitsHandled(live.entrySet().stream().filter(e -> e.getValue().app == a).map(Map.Entry::getKey)
                    .toList()));
            return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
        }).thenCompose(exits -> exits);
    }

    /** Completes once the exits of {@code handles} have been handled on the loop (lines logged, records gone). */
    private CompletableFuture<Void> exitsHandled(Collection<DynoHandle> handles) {
        return CompletableFuture.allOf(handles.stream().map(exitHandled::get).filter(Objects::nonNull)
                .map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
    }

    /**
     * Starts a one-off dyno {@code run.N} of the app's current release with its config vars plus
     * {@code extraEnv}. It is not part of the formation: nothing restarts it; its output goes to its
     * own file, for the caller to attach to, and its start and exit are logged as {@code dynod[run.N]}.
     */
    public CompletableFuture<OneOffDyno> startOneOff(String app, String command, DynoSize size,
                                                     Map<String, String> extraEnv) {
        return onLoop(() -> {
            ManagedApp a = requireApp(app);
            DynoName name;
            do {
                name = DynoName.oneOff(ThreadLocalRandom.current().nextInt(1000, 10000));
            } while (a.slots.containsKey(name) || a.oneOffs.containsKey(name) || Files.exists(runDir.logFile(app, name)));
            Path appDir = appDirs.of(app, a.release);
            Map<String, String> env = new TreeMap<>(environment(name, a.release, OptionalInt.empty(), appDir));
            env.putAll(extraEnv);
            env.put("DYNO", name.toString());
            SystemdEnvironment.scrubForChild(env);
            DynoSpec spec = new DynoSpec(app, name, a.release.version(), command, env, OptionalInt.empty(), size, appDir,
                    runDir.logFile(app, name), runDir.exitStatusFile(app, name, ++a.launches));
            oneOffLine(app, name, "Starting process with command `" + command + "`");
            DynoHandle handle = runtime.start(spec);
            OneOffDyno dyno = new OneOffDyno(app, name, command, size, a.release.version(), clock.instant(), handle,
                    spec.logFile(), spec.exitStatusFile());
            ManagedApp.OneOffRun run = new ManagedApp.OneOffRun(dyno, handle.exit().handle((status, error) -> {
                oneOffLine(app, dyno.name(), exitLine(status == null ? -1 : status));
                return null;
            }));
            a.oneOffs.put(name, run);
            run.ended().whenComplete((done, error) -> a.oneOffs.remove(dyno.name(), run));
            return dyno;
        });
    }

    /** The app's one-off dynos that run now ({@code ps} shows them as {@code up}), by name. */
    public CompletableFuture<List<OneOffDyno>> oneOffs(String app) {
        return onLoop(() -> {
            ManagedApp a = apps.get(app);
            return a == null ? List.of() : a.oneOffs.values().stream().map(ManagedApp.OneOffRun::dyno).toList();
        });
    }

    /** Stops a one-off dyno (its client went away): SIGTERM, then SIGKILL after the grace time. */
    public CompletableFuture<DynoRuntime.StopResult> stopOneOff(OneOffDyno dyno) {
        oneOffLine(dyno.app(), dyno.name(), "Stopping all processes with SIGTERM");
        return runtime.stop(dyno.handle(), settings.stopGrace());
    }

    private void oneOffLine(String app, DynoName name, String text) {
        logs.append(app, new LogLine(clock.instant(), LogSource.DYNOD, name.toString(), text));
    }

    /** Launch and boot times, restarts, memory and cpu, for {@code /metrics}. */
    public DynoMetrics metrics() {
        return metrics;
    }

    /** A new formation for the app's current release. */
    public CompletableFuture<Void> scale(String app, Formation formation) {
        return onLoop(() -> {
            ManagedApp a = requireApp(app);
            a.formation = formation;
            reconcile(a);
            return null;
        });
    }

    /** {@code ps:restart}: every dyno, one type ({@code web}) or one dyno ({@code web.1}); resets cool-offs. */
    public CompletableFuture<Void> restart(String app, Optional<String> typeOrDyno) {
        return onLoop(() -> {
            ManagedApp a = requireApp(app);
            for (DynoSlot s : List.copyOf(a.slots.values())) {
                String name = s.name.toString();
                if (typeOrDyno.isEmpty() || typeOrDyno.get().equals(name) || typeOrDyno.get().equals(s.name.type())) {
                    s.backoff.reset();
                    restartSlot(s, "Restarting");
                }
            }
            return null;
        });
    }

    /**
     * Puts a sleeping app's dynos to sleep ({@code Idling}): up dynos stop and become idle, crashed
     * ones stop waiting for their restart. {@link #wake} brings them back.
     */
    public CompletableFuture<Void> idle(String app) {
        return onLoop(() -> {
            idleApp(requireApp(app));
            return null;
        });
    }

    /**
     * Idles every app that {@code policy} says should sleep now and that has an up web dyno. The
     * quiet time counts from the app's last traffic or the moment its newest web dyno came up,
     * whichever is later, so a dyno just woken or deployed gets its full idle-after.
     *
     * @param appIdleAfter an app's own idle-after ({@code Duration.ZERO} = off, empty = not set)
     * @param lastTraffic  when the router last reported traffic for an app (null: never)
     * @return the apps put to sleep
     */
    public CompletableFuture<List<String>> idleQuietApps(IdlePolicy policy,
            Function<String, Optional<Duration>> appIdleAfter, Function<String, Instant> lastTraffic) {
        return onLoop(() -> {
            List<String> slept = new ArrayList<>();
            Instant now = clock.instant();
            for (ManagedApp a : apps.values()) {
                Instant newestUp = null;
                for (DynoSlot s : a.slots.values()) {
                    if (s.name.type().equals("web") && s.state == DynoState.UP
                            && (newestUp == null || s.since.isAfter(newestUp))) {
                        newestUp = s.since; // when it came up: a slow boot does not eat the idle period
                    }
                }
                if (newestUp == null) {
                    continue;
                }
                Instant traffic = lastTraffic.apply(a.name);
                Instant last = traffic != null && traffic.isAfter(newestUp) ? traffic : newestUp;
                if (policy.shouldSleep(a.formation, appIdleAfter.apply(a.name), last, now)) {
                    idleApp(a);
                    slept.add(a.name);
                }
            }
            return slept;
        });
    }

    private void idleApp(ManagedApp app) {
        for (DynoSlot s : List.copyOf(app.slots.values())) {
            if (s.state == DynoState.UP) {
                output.system(s, "Idling");
                s.cancelTimers();
                DynoHandle old = s.handle;
                s.handle = null;
                transition(s, DynoState.IDLE);
                if (old != null) {
                    stopProcess(s, old);
                }
            } else if (s.state == DynoState.CRASHED) {
                s.cancelTimers();
                s.restartAt = null;
                transition(s, DynoState.DOWN);
            }
        }
    }

    /** The first request to a sleeping app ({@code Unidling}): its idle and down dynos start. */
    public CompletableFuture<Void> wake(String app) {
        return onLoop(() -> {
            for (DynoSlot s : List.copyOf(requireApp(app).slots.values())) {
                if (s.state == DynoState.IDLE || s.state == DynoState.DOWN) {
                    output.system(s, "Unidling");
                    s.backoff.reset();
                    startSlot(s);
                }
            }
            return null;
        });
    }

    public CompletableFuture<List<DynoStatus>> ps(String app) {
        return onLoop(() -> {
            ManagedApp a = apps.get(app);
            List<DynoStatus> out = new ArrayList<>();
            if (a != null) {
                for (DynoSlot s : a.slots.values()) {
                    out.add(new DynoStatus(s.name, s.state, s.since, s.release,
                            s.handle == null ? -1 : s.handle.pid(), s.spec == null ? OptionalInt.empty() : s.spec.port()));
                }
            }
            return out;
        });
    }

    /** Stops every dyno of every app (a host going down); completes when all have exited. */
    public CompletableFuture<Void> drain() {
        return onLoop(() -> {
            List<CompletableFuture<?>> ends = new ArrayList<>();
            for (ManagedApp a : apps.values()) {
                for (DynoSlot s : List.copyOf(a.slots.values())) {
                    a.slots.remove(s.name);
                    stopSlot(s);
                }
                for (ManagedApp.OneOffRun run : a.oneOffs.values()) { // a host going down ends its one-offs too
                    stopOneOff(run.dyno());
                    ends.add(run.ended());
                }
            }
            // not the exits themselves: their exit lines and records must be done before the drain is
            ends.add(exitsHandled(List.copyOf(exitHandled.keySet())));
            return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
        }).thenCompose(all -> all).thenCompose(done -> onLoop(() -> {
            output.readAll(this::persist);
            return null;
        }));
    }

    /**
     * Stops managing, leaving every dyno running (an agent stop or restart never stops dynos; a
     * later {@link #recover} picks them up). The work in progress finishes first, so the state on
     * disk matches what was done.
     */
    @Override
    public void close() {
        loop.shutdown();
        try {
            if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- reconciliation ----

    private void reconcile(ManagedApp a) {
        Formation runnable = a.formation.restrictedTo(a.release.processTypes().keySet());
        FormationPlanner.Plan plan = FormationPlanner.plan(runnable, a.slots.keySet());
        for (DynoName name : plan.toStop()) {
            stopSlot(a.slots.remove(name));
        }
        for (DynoName name : plan.toStart()) {
            DynoSlot s = stillStopping(a, name).orElseGet(() -> new DynoSlot(a, name, settings.restartPolicy().newBackoff()));
            s.removed = false;
            s.backoff.reset(); // scale 0→n
            a.slots.put(name, s);
            startSlot(s);
        }
    }

    /**
     * A slot scaled away whose process is still stopping. Scaled up again meanwhile, the name gets
     * that slot back, as in a restart: one slot per name, so one reader of its log file and one
     * record; a second slot would read the new run's lines twice and its end would delete the
     * new run's record.
     */
    private Optional<DynoSlot> stillStopping(ManagedApp a, DynoName name) {
        return live.values().stream().filter(s -> s.app == a && s.removed && s.name.equals(name)).findFirst();
    }

    private void roll(ManagedApp a) {
        int generation = ++a.rollGeneration;
        rollNext(a, generation, List.copyOf(a.slots.keySet()).iterator());
    }

    private void rollNext(ManagedApp a, int generation, Iterator<DynoName> names) {
        while (a.rollGeneration == generation && names.hasNext()) {
            DynoSlot s = a.slots.get(names.next());
            if (s == null || s.release == a.release.version()) {
                continue;
            }
            restartSlot(s, null);
            s.booted.whenCompleteAsync((ok, error) -> rollNext(a, generation, names), loop);
            return;
        }
    }

    // ---- recovery ----

    private void recoverDyno(DynoRecord record) {
        ManagedApp a = apps.get(record.app());
        DynoName name = record.dynoName();
        if (a == null) {
            a = new ManagedApp(record.app()); // its app is gone: the dyno is stopped below
        }
        DynoSlot s = new DynoSlot(a, name, settings.restartPolicy().resumeBackoff(record.consecutiveCrashes()));
        s.state = record.dynoState();
        s.since = clock.instant();
        s.release = record.release();
        s.startedAt = record.startedAt();
        s.launched = true;
        s.spec = new DynoSpec(a.name, name, record.release(), "", Map.of(),
                record.port() == 0 ? OptionalInt.empty() : OptionalInt.of(record.port()),
                a.formation.size(name.type()), Path.of("/"), Path.of(record.logFile()), Path.of(record.exitStatusFile()));
        output.follow(s, s.spec.logFile(), output.resumePoint(a.name, record.dyno(), record.logPosition()));
        boolean wanted = apps.containsKey(record.app()) && s.state != DynoState.DOWN;
        if (wanted) {
            a.slots.put(name, s);
        } else {
            s.removed = true;
        }
        if (record.pid() <= 0) {
            if (wanted && s.state == DynoState.CRASHED) {
                scheduleRestart(s, record.restartAt() == null ? clock.instant() : record.restartAt());
            } else if (!wanted) {
                forget(s);
            } // an idle dyno stays asleep until woken
            return;
        }
        DynoRuntime.Adoption adoption = runtime.adopt(record.pid(), record.pidStartTime(),
                record.cgroupPath() == null ? "" : record.cgroupPath(), s.spec.exitStatusFile());
        if (adoption instanceof DynoRuntime.Adoption.Running running) {
            DynoHandle handle = running.handle();
            watch(s, handle, true);
            if (!wanted || s.state == DynoState.IDLE) {
                stopProcess(s, handle); // it was being stopped when the last agent run ended
                return;
            }
            s.handle = handle;
            if (s.state == DynoState.STARTING) {
                awaitBoot(s, handle);
            } else if (s.state == DynoState.UP) {
                s.backoff.up(clock.instant());
            }
            scheduleCycle(s, handle, record.cycleAt() == null ? settings.cyclePolicy().cycleAt(s.startedAt) : record.cycleAt());
            persist(s);
        } else {
            DynoRuntime.Adoption.Ended ended = (DynoRuntime.Adoption.Ended) adoption;
            output.read(s); // what it wrote while the agent was away
            if (ended.oomKills() > 0) {
                output.system(s, MemoryQuotaMonitor.R15);
            }
            output.system(s, exitLine(ended.status()));
            if (!wanted) {
                forget(s);
            } else if (s.state == DynoState.CRASHED) {
                scheduleRestart(s, clock.instant());
            } else if (s.state != DynoState.IDLE) {
                crashed(s);
            }
            removeExitFile(s.spec.exitStatusFile());
        }
    }

    // ---- one dyno slot's lifecycle ----

    private void startSlot(DynoSlot s) {
        DynoSlot.cancel(s.restartTask);
        s.restartAt = null;
        if (s.state != DynoState.STARTING) {
            transition(s, DynoState.STARTING);
        }
        Release release = s.app.release;
        String command = release.processTypes().get(s.name.type());
        OptionalInt port = s.name.type().equals("web") ? OptionalInt.of(settings.dynoPorts().next(heldPorts()))
                : OptionalInt.empty();
        Path appDir = appDirs.of(s.app.name, release);
        long launch = ++s.app.launches;
        DynoSpec spec = new DynoSpec(s.app.name, s.name, release.version(), command, environment(s.name, release, port, appDir),
                port, s.app.formation.size(s.name.type()), appDir, runDir.logFile(s.app.name, s.name),
                runDir.exitStatusFile(s.app.name, s.name, launch));
        s.spec = spec;
        s.release = release.version();
        s.booted = new CompletableFuture<>();
        output.followNew(s, spec.logFile());
        output.system(s, "Starting process with command `" + command + "`");
        if (s.launched) {
            metrics.restarted(s.app.name, s.name.toString());
        }
        s.launched = true;
        DynoHandle handle;
        long launchStart = System.nanoTime();
        try {
            handle = runtime.start(spec);
            metrics.launched(Duration.ofNanos(System.nanoTime() - launchStart));
        } catch (IOException | RuntimeException e) {
            output.system(s, "Error R99 (Platform error) -> Failed to start process: " + e.getMessage());
            crashed(s);
            return;
        }
        s.handle = handle;
        s.startedAt = clock.instant();
        watch(s, handle, false);
        if (spec.port().isPresent()) {
            awaitBoot(s, handle);
        } else {
            up(s);
        }
        scheduleCycle(s, handle, settings.cyclePolicy().cycleAt(s.startedAt));
        persist(s);
    }

    /** Follows a running process: its exit, and its memory. */
    private void watch(DynoSlot s, DynoHandle handle, boolean adopted) {
        live.put(handle, s);
        Path exitFile = s.spec.exitStatusFile();
        exitHandled.put(handle, handle.exit()
                .handleAsync((status, error) -> status == null ? -1 : status, loop)
                .thenComposeAsync(code -> {
                    CompletableFuture<Void> stopReported = stopsReported.remove(handle);
                    CompletableFuture<Void> before = stopReported == null
                            ? CompletableFuture.completedFuture(null) : stopReported;
                    return before.handleAsync((done, stopError) -> {
                        exited(s, handle, code);
                        removeExitFile(exitFile);
                        return null;
                    }, loop);
                }, loop));
        s.memory = adopted ? null
                : new MemoryQuotaMonitor(settings.memoryQuota().applyAsLong(s.spec.size()), settings.r14Interval(), 0);
        long every = settings.memorySampleInterval().toNanos();
        s.memoryTask = loop.scheduleWithFixedDelay(() -> sampleMemory(s, handle), 0, every, TimeUnit.NANOSECONDS);
    }

    private void awaitBoot(DynoSlot s, DynoHandle handle) {
        Instant deadline = s.startedAt.plus(settings.bootTimeout());
        long every = settings.probeInterval().toNanos();
        s.bootTask = loop.scheduleWithFixedDelay(() -> probe(s, handle, deadline), 0, every, TimeUnit.NANOSECONDS);
    }

    private void scheduleCycle(DynoSlot s, DynoHandle handle, Instant at) {
        s.cycleAt = at;
        s.cycleTask = loop.schedule(() -> cycle(s, handle), nanosUntil(at), TimeUnit.NANOSECONDS);
    }

    private void scheduleRestart(DynoSlot s, Instant at) {
        s.restartAt = at;
        s.restartTask = loop.schedule(() -> {
            if (!s.removed && s.state == DynoState.CRASHED) {
                startSlot(s);
            }
        }, nanosUntil(at), TimeUnit.NANOSECONDS);
        persist(s);
    }

    private void probe(DynoSlot s, DynoHandle handle, Instant deadline) {
        if (s.handle != handle || s.state != DynoState.STARTING) {
            DynoSlot.cancel(s.bootTask);
            return;
        }
        if (bootCheck.isUp(s.spec)) {
            up(s);
        } else if (!clock.instant().isBefore(deadline)) {
            DynoSlot.cancel(s.bootTask);
            output.system(s, "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within "
                    + seconds(settings.bootTimeout()) + " of launch");
            output.system(s, "Stopping process with SIGKILL");
            runtime.kill(handle);
        }
    }

    private void up(DynoSlot s) {
        DynoSlot.cancel(s.bootTask);
        metrics.booted(Duration.between(s.startedAt, clock.instant()));
        transition(s, DynoState.UP);
        s.backoff.up(clock.instant());
        s.booted.complete(null);
        persist(s);
    }

    private void exited(DynoSlot s, DynoHandle handle, int status) {
        live.remove(handle);
        exitHandled.remove(handle);
        if (s.handle == handle) {
            sampleMemory(s, handle); // an OOM kill shows here: R15 before the exit line
        }
        output.read(s);
        output.system(s, exitLine(status));
        if (s.handle != handle) {
            // a process replaced by a restart, or a stopped dyno
            if (s.removed && !live.containsValue(s)) {
                forget(s);
            }
            return;
        }
        s.handle = null;
        crashed(s);
    }

    /** The dyno's process ended on its own (exit 0 too) or never started: a crash, restarted by the ladder. */
    private void crashed(DynoSlot s) {
        s.cancelTimers();
        transition(s, DynoState.CRASHED);
        s.booted.complete(null);
        Duration coolOff = s.backoff.crashed(clock.instant());
        scheduleRestart(s, clock.instant().plus(coolOff));
    }

    private void cycle(DynoSlot s, DynoHandle handle) {
        if (s.handle == handle && s.state == DynoState.UP) {
            restartSlot(s, "Cycling");
        }
    }

    /** Restart: the replacement starts at once; it does not wait for the old process to exit. */
    private void restartSlot(DynoSlot s, String reason) {
        if (reason != null) {
            output.system(s, reason);
        }
        s.cancelTimers();
        DynoHandle old = s.handle;
        s.handle = null;
        if (s.state == DynoState.UP) {
            transition(s, DynoState.STARTING);
        }
        if (old != null) {
            stopProcess(s, old);
        }
        s.booted.complete(null);
        startSlot(s);
    }

    /** Scaled away or drained: the slot goes down for good. */
    private void stopSlot(DynoSlot s) {
        s.removed = true;
        s.cancelTimers();
        if (s.state != DynoState.DOWN) {
            transition(s, DynoState.DOWN);
        }
        DynoHandle old = s.handle;
        s.handle = null;
        s.booted.complete(null);
        if (old != null) {
            stopProcess(s, old);
        } else {
            forget(s);
        }
    }

    /**
     * Stops a process whose slot has already left {@code up}. A web dyno gets its SIGTERM only
     * after the unroute delay: whoever routes by {@code ps} has stopped picking it by then, and
     * requests sent to it just before are still served. Its replacement does not wait for this.
     */
    private void stopProcess(DynoSlot s, DynoHandle handle) {
        Duration delay = s.name.type().equals("web") ? settings.unrouteDelay() : Duration.ZERO;
        CompletableFuture<Void> reported = new CompletableFuture<>();
        if (live.containsKey(handle)) {
            stopsReported.put(handle, reported);
        }
        Runnable sigterm = () -> {
            if (handle.exit().isDone()) {
                reported.complete(null); // it ended meanwhile: nothing left to signal
                return;
            }
            output.system(s, "Stopping all processes with SIGTERM");
            runtime.stop(handle, settings.stopGrace()).whenCompleteAsync((result, error) -> {
                if (result == DynoRuntime.StopResult.KILLED) {
                    output.system(s, "Error R12 (Exit timeout) -> At least one process failed to exit within "
                            + seconds(settings.stopGrace()) + " of SIGTERM");
                    output.system(s, "Stopping remaining processes with SIGKILL");
                }
                reported.complete(null);
            }, loop);
        };
        if (delay.isZero()) {
            sigterm.run();
        } else {
            loop.schedule(sigterm, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void sampleMemory(DynoSlot s, DynoHandle handle) {
        if (s.handle != handle) {
            return;
        }
        runtime.memory(handle, clock.instant()).ifPresent(sample -> {
            if (s.memory == null) {
                // re-adopted: OOM kills counted before this agent run were reported by the last one
                s.memory = new MemoryQuotaMonitor(settings.memoryQuota().applyAsLong(s.spec.size()),
                        settings.r14Interval(), sample.oomKills());
            }
            metrics.memory(s.app.name, s.name.toString(), sample.usageBytes());
            sample.cpuNanos().ifPresent(nanos -> metrics.cpu(s.app.name, s.name.toString(), nanos));
            s.memory.sample(sample).forEach(line -> output.system(s, sample.at(), line));
        });
    }

    private void transition(DynoSlot s, DynoState next) {
        DynoState from = s.state;
        s.state = from.moveTo(next);
        s.since = clock.instant();
        output.system(s, "State changed from " + from.wireName() + " to " + next.wireName());
        persist(s);
        DynoChange change = new DynoChange(s.app.name, s.name, from, next, s.release, s.since,
                s.spec == null ? OptionalInt.empty() : s.spec.port());
        listeners.forEach(l -> tell(l, x -> x.changed(change)));
    }

    private static void tell(DynoListener listener, Consumer<DynoListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.error("a dyno listener failed: {}", e.toString());
        }
    }

    // ---- durable runtime state ----

    private void persist(DynoSlot s) {
        if (s.removed && !live.containsValue(s)) {
            return;
        }
        DynoRecord record = s.toRecord(runDir.logFile(s.app.name, s.name));
        if (record.equals(s.persisted)) {
            return;
        }
        try {
            runDir.save(record);
            s.persisted = record;
        } catch (IOException e) {
            LOG.error("saving state of {} {}: {}", s.app.name, s.name, e.toString());
        }
    }

    /**
     * A new log position alone is saved at most every few seconds: the journal is where positions
     * are committed (it keeps every dyno's latest), the record is only the fallback.
     */
    private void persistPosition(DynoSlot s) {
        Instant now = clock.instant();
        if (s.positionSavedAt == null || !now.isBefore(s.positionSavedAt.plus(POSITION_SAVE_EVERY))) {
            s.positionSavedAt = now;
            persist(s);
        }
    }

    /** The slot is gone and none of its processes runs: drop its log reader and its record. */
    private void forget(DynoSlot s) {
        ManagedApp current = apps.get(s.app.name);
        if (current == null || !current.slots.containsKey(s.name)) { // not when a new dyno took its name
            listeners.forEach(l -> tell(l, x -> x.removed(s.app.name, s.name)));
        }
        output.unfollow(s);
        metrics.forget(s.app.name, s.name.toString());
        try {
            runDir.delete(s.app.name, s.name);
        } catch (IOException e) {
            LOG.error("removing state of {} {}: {}", s.app.name, s.name, e.toString());
        }
    }

    // ---- helpers ----

    /** An exit that has been handled (line logged, state saved) needs its status file no more: one per launch would pile up. */
    private static void removeExitFile(Path exitFile) {
        try {
            Files.deleteIfExists(exitFile);
        } catch (IOException e) {
            LOG.warn("removing exit-status file {}: {}", exitFile, e.toString());
        }
    }

    private Map<String, String> environment(DynoName dyno, Release release, OptionalInt port, Path appDir) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", appDir.toString());
        env.putAll(release.config().asMap());
        env.put("DYNO", dyno.toString());
        port.ifPresent(p -> env.put("PORT", Integer.toString(p)));
        return SystemdEnvironment.scrubForChild(env); // not even a config var may hand a dyno the agent's NOTIFY_SOCKET
    }

    /** The ports this agent's dynos have now (a booting one has not bound its port yet). */
    private Set<Integer> heldPorts() {
        Set<Integer> held = new HashSet<>();
        for (ManagedApp a : apps.values()) {
            for (DynoSlot s : a.slots.values()) {
                if (s.spec != null && s.state != DynoState.DOWN && s.state != DynoState.IDLE) {
                    s.spec.port().ifPresent(held::add);
                }
            }
        }
        return held;
    }

    private static String exitLine(int status) {
        return status == DynoRuntime.UNKNOWN_STATUS ? "Process exited" : "Process exited with status " + status;
    }

    private long nanosUntil(Instant at) {
        return Math.max(0, Duration.between(clock.instant(), at).toNanos());
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        String amount = millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
        return amount + (millis == 1000 ? " second" : " seconds");
    }

    private ManagedApp requireApp(String app) {
        ManagedApp a = apps.get(app);
        if (a == null) {
            throw new IllegalArgumentException("no app named " + app + " on this agent");
        }
        return a;
    }

    private <T> CompletableFuture<T> onLoop(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
