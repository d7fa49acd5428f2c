package io.dynod.supervisor;

import io.dynod.supervisor.api.ApiServer;
import io.dynod.supervisor.config.SupervisorConfig;
import io.dynod.supervisor.control.AgentEvents;
import io.dynod.supervisor.control.Apps;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.supervisor.control.NotFoundException;
import io.dynod.supervisor.dyno.AppTraffic;
import io.dynod.supervisor.dyno.CyclePolicy;
import io.dynod.supervisor.dyno.DynoManager;
import io.dynod.supervisor.dyno.DynoRuntime;
import io.dynod.supervisor.dyno.DynoStatus;
import io.dynod.supervisor.dyno.IdlePolicy;
import io.dynod.supervisor.dyno.IdleSweeper;
import io.dynod.supervisor.dyno.ManagerSettings;
import io.dynod.supervisor.dyno.DynoRuntimes;
import io.dynod.supervisor.dyno.RestartPolicy;
import io.dynod.supervisor.dyno.TcpPortCheck;
import io.dynod.supervisor.etcd.EtcdAgent;
import io.dynod.supervisor.etcd.EtcdSettings;
import io.dynod.supervisor.linux.SdNotify;
import io.dynod.supervisor.linux.Watchdog;
import io.dynod.supervisor.logs.AppLog;
import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.slug.SlugConfig;
import io.dynod.supervisor.slug.SlugException;
import io.dynod.supervisor.slug.SlugStore;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.DesiredState;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent daemon's composition root: state under {@code DYNOD_HOME}, the API token, the slug
 * store, the dyno manager and the API server. {@link #start} recovers first (re-adopting every
 * dyno an earlier run left) and only then listens and tells systemd {@code READY=1}. {@link #close}
 * (SIGTERM) stops the agent but leaves every dyno running, for the next agent to adopt;
 * {@link #drain} is what stops dynos.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    public static final String VERSION = Optional.ofNullable(Agent.class.getPackage().getImplementationVersion())
            .orElse("0.1.0");

    /**
     * How often a booting web dyno's PORT is tried. A refused loopback connect costs microseconds,
     * and this period is the most a cold start waits after the app listens (it was 250 ms).
     */
    static final Duration BOOT_PROBE_INTERVAL = Duration.ofMillis(5);
    /** How often quiet apps are looked for: the most an app sleeps later than its idle-after. */
    static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final SupervisorConfig config;
    private final String token;
    private final SdNotify notify;
    private final DynoRuntime runtime;
    private final DynoManager manager;
    private final Vertx vertx;
    private final DynoCount count;
    private final AppTraffic traffic = new AppTraffic(InstantSource.system());
    private AgentEvents events;
    private Apps apps;
    private ApiServer server;
    private Watchdog watchdog;
    private EtcdAgent etcd;
    private IdleSweeper sweeper;

    private Agent(SupervisorConfig config, String token, SdNotify notify, DynoRuntime runtime, DynoManager manager,
                  DynoCount count) {
        this.config = config;
        this.token = token;
        this.notify = notify;
        this.runtime = runtime;
        this.manager = manager;
        this.count = count;
        this.vertx = Vertx.vertx();
    }

    /** How this agent runs dynos: isolated when the host allows it (see {@link DynoRuntimes}). */
    static DynoRuntime dynoRuntime(SupervisorConfig config) {
        return DynoRuntimes.choose(config.launchConfig());
    }

    /**
     * Recovers, starts the API and reports READY.
     *
     * @param environment this process's environment (WATCHDOG_USEC, ...)
     */
    public static Agent start(SupervisorConfig config, SdNotify notify, Map<String, String> environment) throws Exception {
        return start(config, notify, environment, Optional.empty());
    }

    /** As {@link #start(SupervisorConfig, SdNotify, Map)}, in a multi-host fleet when {@code fleet} is given. */
    public static Agent start(SupervisorConfig config, SdNotify notify, Map<String, String> environment,
                              Optional<EtcdSettings> fleet) throws Exception {
        Files.createDirectories(config.home());
        Files.createDirectories(config.runDir());
        Files.createDirectories(config.cacheDir());
        String token = AgentToken.loadOrCreate(config.tokenFile());
        StateStore store = new StateStore();
        DesiredState desired = new DesiredState(config.home().resolve("apps"), store);
        RunDir runDir = new RunDir(config.runDir(), store);
        AppLogs logs = new AppLogs(AppLog.DEFAULT_CAPACITY, config.home().resolve("journal"));
        SlugStore slugs = new SlugStore(SlugConfig.withDefaults(config.cacheDir()));
        DynoRuntime runtime = dynoRuntime(config);
        SplittableRandom random = new SplittableRandom();
        ManagerSettings settings = new ManagerSettings(config.bootTimeout(), config.stopGrace(), BOOT_PROBE_INTERVAL,
                Duration.ofMillis(200), RestartPolicy.heroku(Duration.ofMinutes(1), random), CyclePolicy.heroku(random))
                .withDynoPorts(config.dynoPorts());
        DynoManager manager = new DynoManager(runtime, TcpPortCheck.loopback(), settings, InstantSource.system(), logs,
                (app, release) -> slugTree(slugs, release.slug().sha256()), runDir);
        DynoCount count = new DynoCount();
        AgentEvents events = new AgentEvents();
        manager.onStateChange(events::publish);
        manager.onStateChange(count::accept);
        manager.onStateChange(change -> notify.status(count.status()));
        Agent agent = new Agent(config, token, notify, runtime, manager, count);
        try {
            Apps apps = new Apps(desired, manager, slugs, logs, events, InstantSource.system());
            agent.events = events;
            agent.apps = apps;
            SortedMap<String, AppRecord> records = apps.load();
            manager.recover(records, runDir.loadAll()).get();
            for (String app : records.keySet()) {
                for (DynoStatus s : manager.ps(app).get()) {
                    count.set(app, s.name().toString(), s.state());
                }
            }
            agent.sweeper = new IdleSweeper(manager, new IdlePolicy(config.idleAfter()), agent.traffic,
                    app -> ownIdleAfter(apps, app), IDLE_CHECK_INTERVAL);
            if (fleet.isPresent()) {
                agent.etcd = EtcdAgent.start(agent.vertx, fleet.get(), manager, config.bootTimeout(), events, apps::list,
                        agent.traffic);
            }
            agent.server = ApiServer.start(agent.vertx, config, token, apps, events, agent.traffic, VERSION,
                            agent::metricsText)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Context loop = agent.vertx.getOrCreateContext();
            agent.watchdog = Watchdog.startFromEnvironment(notify, environment, task -> loop.runOnContext(v -> task.run()),
                    () -> true).orElse(null);
            LOG.info("dynod agent {} listening on {}:{}, {} apps, {}", VERSION, config.apiHost(), agent.server.port(),
                    records.size(), count.status());
            notify.send("READY=1", "STATUS=" + count.status());
            return agent;
        } catch (Exception | Error e) {
            agent.close();
            throw e;
        }
    }

    /** The app's own idle-after: empty when it has none (the agent's rule applies), zero when off or gone. */
    private static Optional<Duration> ownIdleAfter(Apps apps, String app) {
        try {
            IdleAfter setting = apps.get(app).idleAfter();
            if (setting == null) {
                return Optional.empty();
            }
            return Optional.of(setting.duration().orElse(Duration.ZERO));
        } catch (NotFoundException e) {
            return Optional.of(Duration.ZERO);
        }
    }

    private static Path slugTree(SlugStore slugs, String sha256) {
        try {
            return slugs.treeFor(sha256);
        } catch (SlugException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app service behind the API: what {@code dynod up} deploys and wakes through, in-process. */
    public Apps apps() {
        return apps;
    }

    /** The event feed of {@code /v1/events}: what {@code dynod up}'s router follows, in-process. */
    public AgentEvents events() {
        return events;
    }

    /** Where routers' traffic reports go; quiet apps are put to sleep from it. */
    public AppTraffic traffic() {
        return traffic;
    }

    public DynoManager manager() {
        return manager;
    }

    public int apiPort() {
        return server.port();
    }

    public String token() {
        return token;
    }

    public SupervisorConfig config() {
        return config;
    }

    /** Stops every dyno gracefully; completes when all have exited. */
    public CompletableFuture<Void> drain() {
        return manager.drain();
    }

    private String metricsText() {
        return manager.metrics().prometheusText()
                + "# HELP dynod_dynos Dynos of this agent that are not down.\n# TYPE dynod_dynos gauge\n"
                + "dynod_dynos " + count.notDown() + "\n"
                + "# HELP dynod_dynos_up Dynos of this agent that are up.\n# TYPE dynod_dynos_up gauge\n"
                + "dynod_dynos_up " + count.up() + "\n";
    }

    /** Stops the agent, never its dynos: they keep running and the next agent adopts them. */
    @Override
    public void close() {
        notify.stopping();
        if (sweeper != null) {
            sweeper.close();
        }
        if (watchdog != null) {
            watchdog.close();
        }
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("closing the API server: {}", e.toString());
            }
        }
        if (etcd != null) {
            etcd.close();
        }
        manager.close();
        try {
            runtime.close();
        } catch (Exception e) {
            LOG.warn("closing the dyno runtime: {}", e.toString());
        }
        vertx.close();
        notify.close();
    }
}
