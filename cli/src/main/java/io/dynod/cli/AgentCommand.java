package io.dynod.cli;

import io.dynod.protocol.DynodHome;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.supervisor.Agent;
import io.dynod.supervisor.config.ConfigLoader;
import io.dynod.supervisor.config.SupervisorConfig;
import io.dynod.supervisor.etcd.EtcdSettings;
import io.dynod.supervisor.linux.SdNotify;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--dyno-ports", paramLabel = "LOW-HIGH",
            description = "Ports for web dynos, e.g. 20000-20999 (default: any free port); agents sharing a host need disjoint ranges")
    String dynoPorts;

    @Option(names = "--etcd", paramLabel = "URL[,URL...]",
            description = "Join a multi-host fleet through this etcd, e.g. http://127.0.0.1:2379 (needs --advertise-host)")
    String etcd;

    @Option(names = "--advertise-host", paramLabel = "HOST",
            description = "With --etcd: the address routers reach this host's dynos at")
    String advertiseHost;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SupervisorConfig settings;
        Optional<EtcdSettings> fleet;
        try {
            settings = settings();
            fleet = etcd == null ? Optional.empty() : Optional.of(EtcdSettings.parse(etcd, advertiseHost));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Agent agent = Agent.start(settings, SdNotify.fromEnvironment(), System.getenv(), fleet);
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
        if (dynoPorts != null) {
            flags.put(ConfigLoader.DYNO_PORTS, dynoPorts);
        }
        SupervisorConfig loaded = ConfigLoader.load(config, System.getenv(), flags, DynodHome.current());
        return port == null ? loaded : loaded.withApi(loaded.apiHost(), port);
    }
}
