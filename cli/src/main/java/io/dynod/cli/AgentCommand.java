package io.dynod.cli;

import io.dynod.protocol.DynodHome;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.supervisor.Agent;
import io.dynod.supervisor.config.ConfigLoader;
import io.dynod.supervisor.config.SupervisorConfig;
import io.dynod.supervisor.linux.SdNotify;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dynod agent}: the per-host agent daemon, in the foreground (systemd runs it as
 * {@code dynod-agent.service}). SIGTERM stops the agent, never its dynos; {@code dynod drain} does that.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the per-host agent daemon (foreground; SIGTERM leaves the dynos running)")
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file, KEY=value lines as in /etc/dynod/agent.env (environment and flags override it)")
    Path config;

    @Option(names = "--home", paramLabel = "DIR", description = "State directory (default: $DYNOD_HOME, else "
            + "/var/lib/dynod as root, ~/.local/share/dynod otherwise)")
    Path home;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "API address (default 127.0.0.1:5005)")
    String listen;

    @Option(names = "--port", paramLabel = "N", description = "API port on the --listen host (0: any free port)")
    Integer port;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SupervisorConfig settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Agent agent = Agent.start(settings, SdNotify.fromEnvironment(), System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "dynod-agent-stop"));
        spec.commandLine().getOut().printf("dynod agent %s listening on http://%s:%d (token in %s)%n", Agent.VERSION,
                settings.apiHost(), agent.apiPort(), settings.tokenFile());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private SupervisorConfig settings() throws java.io.IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        if (home != null) {
            flags.put(ConfigLoader.HOME, home.toAbsolutePath().toString());
        }
        if (listen != null) {
            flags.put(ConfigLoader.API_LISTEN, listen);
        }
        SupervisorConfig loaded = ConfigLoader.load(config, System.getenv(), flags, DynodHome.current());
        return port == null ? loaded : loaded.withApi(loaded.apiHost(), port);
    }
}
