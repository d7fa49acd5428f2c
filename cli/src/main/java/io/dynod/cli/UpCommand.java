package io.dynod.cli;

import io.dynod.protocol.DynodHome;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.Names;
import io.dynod.protocol.model.ReleaseCreate;
import io.dynod.router.Router;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.table.AgentEventRoutes;
import io.dynod.router.table.AgentWaker;
import io.dynod.supervisor.Agent;
import io.dynod.supervisor.config.ConfigLoader;
import io.dynod.supervisor.config.SupervisorConfig;
import io.dynod.supervisor.control.Apps;
import io.dynod.supervisor.control.NotFoundException;
import io.dynod.supervisor.linux.SdNotify;
import io.dynod.supervisor.slug.SlugPacker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dynod up [APP_DIR...]}: the agent and the router in one process (PRODUCT.md §1, embedded
 * single-host mode). Each folder is deployed as the app named after it and served at
 * {@code http://APP.<domain>:<port>/}. Routes and wakes go in-process: the router follows the
 * agent's own event feed ({@link AgentEventRoutes}) and wakes through its app service
 * ({@link AgentWaker}); the router's traffic reports drive idle sleep ({@link IdleSweeper}). The
 * agent API is served as by {@code dynod agent}, so every client command works against it.
 * Ctrl-C drains the router and stops the dynos, unless {@code --keep-dynos}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Agent and router in one process: deploy each folder as an app and serve it at http://APP.<domain>:<port>/")
final class UpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "APP_DIR", arity = "0..*",
            description = "App folders (with a Procfile) to deploy; each becomes the app named after its folder")
    List<Path> dirs = List.of();

    @Option(names = "--port", defaultValue = "8080", description = "Router HTTP port (${DEFAULT-VALUE})")
    int port;

    @Option(names = "--domain", defaultValue = "localhost", description = "APP.<domain> reaches app APP (${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Router address (${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--api-port", defaultValue = "5005", description = "Agent API port on 127.0.0.1 (${DEFAULT-VALUE}; 0: any free port)")
    int apiPort;

    @Option(names = "--home", paramLabel = "DIR", description = "State directory (default: $DYNOD_HOME, else "
            + "/var/lib/dynod as root, ~/.local/share/dynod otherwise)")
    Path home;

    @Option(names = "--idle-after", paramLabel = "DURATION|off",
            description = "Idle-after of the apps this command creates (default: Heroku's rule, eco web dynos after 30m)")
    String idleAfter;

    @Option(names = "--hold-timeout", paramLabel = "DURATION", defaultValue = "75s",
            description = "How long a request waits for a sleeping app to boot before H20 (${DEFAULT-VALUE})")
    String holdTimeout;

    @Option(names = "--max-held", paramLabel = "N", defaultValue = "1000",
            description = "Requests held per app while it wakes; more get 503 (${DEFAULT-VALUE})")
    int maxHeld;

    @Option(names = "--admin-port", defaultValue = "-1", description = "Router /metrics port; -1 turns it off (${DEFAULT-VALUE})")
    int adminPort;

    @Option(names = "--keep-dynos", description = "Leave the dynos running on exit (the next dynod up or agent adopts them)")
    boolean keepDynos;

    @Mixin
    WakingPageOption wakingPage = new WakingPageOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<IdleAfter> appIdleAfter = Optional.ofNullable(idleAfter).map(IdleAfter::parse);
        Duration hold = IdleAfter.parse(holdTimeout).duration()
                .orElseThrow(() -> new InvalidInputException("--hold-timeout must be a duration, not off"));
        List<Deploy> deploys = new ArrayList<>();
        for (Path dir : dirs) {
            deploys.add(Deploy.of(dir));
        }
        PrintWriter out = spec.commandLine().getOut();
        // the agent warns, naming what is missing, when this host cannot isolate dynos (not root, no cgroups, ...)
        Agent agent = Agent.start(settings(), SdNotify.fromEnvironment(), System.getenv());
        Apps apps = agent.apps();
        AgentEventRoutes routes = new AgentEventRoutes(domain, wakingPage.predicate());
        agent.events().subscribe(routes);
        apps.snapshot().forEach(routes);
        ExecutorService wakes = Executors.newCachedThreadPool(RouterCommand.daemon("dynod-up-wake"));
        RouterConfig config = RouterConfig.builder().bindHost(bind).port(port).adminPort(adminPort).holdTimeout(hold)
                .maxHeldPerApp(maxHeld).trafficInterval(Duration.ofSeconds(1)).build();
        Router router = Router.start(config, routes, new AgentWaker(apps::wake, apps::dynos, wakes),
                agent.traffic()::active);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                router.drain(Duration.ofSeconds(5));
                if (!keepDynos) {
                    agent.drain().get(60, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                spec.commandLine().getErr().println("stopping: " + e.getMessage());
            } finally {
                agent.close();
                stopped.countDown();
            }
        }, "dynod-up-stop"));

        for (Deploy d : deploys) {
            d.run(apps, appIdleAfter);
        }
        out.printf("dynod up: router on http://%s:%d, agent API on http://%s:%d (token in %s)%n", bind,
                router.port(), agent.config().apiHost(), agent.apiPort(), agent.config().tokenFile());
        for (App app : apps.list()) {
            out.printf("  %s: http://%s.%s:%d/   (curl -H 'Host: %s.%s' http://127.0.0.1:%d/)%n", app.name(),
                    app.name(), domain, router.port(), app.name(), domain, router.port());
        }
        out.println(keepDynos ? "Ctrl-C stops the router and the agent; the dynos keep running."
                : "Ctrl-C stops everything.");
        out.flush();
        stopped.await();
        return 0;
    }


    private SupervisorConfig settings() throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        if (home != null) {
            flags.put(ConfigLoader.HOME, home.toAbsolutePath().toString());
        }
        SupervisorConfig loaded = ConfigLoader.load(null, System.getenv(), flags, DynodHome.current());
        return loaded.withApi(SupervisorConfig.DEFAULT_API_HOST, apiPort);
    }

    /** One folder to deploy as the app named after it. */
    private record Deploy(Path dir, String app) {

        static Deploy of(Path dir) {
            Path real = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(real)) {
                throw new InvalidInputException(dir + ": not a folder");
            }
            if (!Files.isRegularFile(real.resolve("Procfile"))) {
                throw new InvalidInputException(dir + ": no Procfile");
            }
            String name = real.getFileName().toString();
            try {
                Names.appName(name);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(dir + ": the folder name is the app name: " + e.getMessage());
            }
            return new Deploy(real, name);
        }

        void run(Apps apps, Optional<IdleAfter> idleAfter) throws IOException {
            boolean created = false;
            try {
                apps.get(app);
            } catch (NotFoundException e) {
                apps.create(app, new AppSettings(idleAfter.orElse(null), null));
                created = true;
            }
            // a new app gets APP_NAME (as examples/hello prints it); a redeploy keeps the app's config vars
            Map<String, String> config = created ? Map.of("APP_NAME", app) : null;
            Path slug = Files.createTempFile("dynod-up-", ".tgz");
            try {
                try (OutputStream out = Files.newOutputStream(slug)) {
                    SlugPacker.pack(dir, out);
                }
                apps.createRelease(app, new ReleaseCreate(slug.toString(), null, null, config, null, "dynod up " + dir),
                        null);
            } finally {
                Files.deleteIfExists(slug);
            }
        }
    }
}
