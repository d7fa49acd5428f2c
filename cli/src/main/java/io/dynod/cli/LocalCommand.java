package io.dynod.cli;

import io.dynod.cli.local.DotEnv;
import io.dynod.cli.local.Formation;
import io.dynod.cli.local.LocalException;
import io.dynod.cli.local.LocalPlan;
import io.dynod.cli.local.LocalRunner;
import io.dynod.cli.local.OutputPrefixer;
import io.dynod.cli.local.ProcessEnvironment;
import io.dynod.cli.local.ProcessSpec;
import io.dynod.cli.local.StopSignals;
import io.dynod.supervisor.release.Procfile;
import io.dynod.supervisor.release.SourceWarning;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code dynod local}: runs a Procfile in the foreground, compatible with foreman and heroku local. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a Procfile in the foreground, like foreman / heroku local.",
            "Each instance gets PORT = base + 100 x type's line index + instance index, DYNO and PS (web.1).",
            "Ctrl-C or SIGTERM stops every process group (SIGTERM, then SIGKILL after -t); a second Ctrl-C kills at once."
        })
public final class LocalCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROCESS", description = "Run only this process type.")
    String process;

    @Option(names = {"-f", "--procfile"}, paramLabel = "FILE", defaultValue = "Procfile",
            description = "Procfile to run (default: ${DEFAULT-VALUE}); processes run in its directory.")
    Path procfile;

    @Option(names = {"-e", "--env"}, paramLabel = "FILE", split = ",",
            description = "Env files, later ones win (default: .env beside the Procfile, if present).")
    List<Path> envFiles;

    @Option(names = {"-m", "--formation"}, paramLabel = "FORMATION", converter = FormationConverter.class,
            description = "Instances per type: web=2,worker=1 or all=1 (default: all=1; 'release' only when named).")
    Formation formation = Formation.DEFAULT;

    @Option(names = {"-p", "--port"}, paramLabel = "BASE_PORT",
            description = "Base port (default: PORT from the env files or environment, else 5000).")
    Integer port;

    @Option(names = "--restart", description = "Restart a process that exits, after a back-off of 1 s doubling to 30 s.")
    boolean restart;

    @Option(names = "--can-die", paramLabel = "TYPE", split = ",",
            description = "Types that may exit without stopping the others (never restarted).")
    List<String> canDie = new ArrayList<>();

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Grace time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        boolean colour = OutputPrefixer.colourWanted(System.console() != null, System.getenv("NO_COLOR"));
        LocalRunner runner = prepare(System.getenv(), System.out, colour, Clock.systemDefaultZone());
        StopSignals.install(runner);
        return runner.run();
    }

    /** Parses the files, prints their warnings and returns a runner ready to start. */
    LocalRunner prepare(Map<String, String> realEnvironment, OutputStream out, boolean colour, Clock clock) {
        validateOptions();
        PrintWriter err = spec.commandLine().getErr();
        Procfile parsed = Procfile.read(procfile);
        List<DotEnv> envs = readEnvFiles();
        parsed.warnings().forEach(w -> err.println(w));
        envs.forEach(env -> env.warnings().forEach(w -> err.println(w)));
        err.flush();
        Map<String, String> environment = ProcessEnvironment.merge(realEnvironment, envs);
        canDie.forEach(type -> LocalPlan.requireType(parsed, type, "--can-die"));
        List<ProcessSpec> specs = LocalPlan.plan(parsed, formation, Optional.ofNullable(process), basePort(environment));
        LocalRunner.Settings settings = LocalRunner.Settings.defaults()
                .withRestart(restart)
                .withCanDie(new HashSet<>(canDie))
                .withGrace(Duration.ofSeconds(timeout));
        OutputPrefixer prefixer = new OutputPrefixer(out, colour, clock, LocalRunner.nameWidth(specs));
        return new LocalRunner(specs, environment, directory(), prefixer, settings);
    }

    private void validateOptions() {
        if (timeout < 0) {
            throw new ParameterException(spec.commandLine(), "-t must be 0 or more seconds, not " + timeout);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "-p must be a port from 1 to 65535, not " + port);
        }
    }

    private Path directory() {
        Path parent = procfile.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private List<DotEnv> readEnvFiles() {
        if (envFiles != null) {
            return envFiles.stream().map(DotEnv::read).toList();
        }
        Path beside = procfile.resolveSibling(".env");
        return Files.isRegularFile(beside) ? List.of(DotEnv.read(beside)) : List.of();
    }

    private int basePort(Map<String, String> environment) {
        if (port != null) {
            return port;
        }
        String fromEnv = environment.get("PORT");
        if (fromEnv == null || fromEnv.isBlank()) {
            return LocalPlan.DEFAULT_BASE_PORT;
        }
        try {
            int base = Integer.parseInt(fromEnv.strip());
            if (base >= 1 && base <= 65535) {
                return base;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LocalException("PORT=" + fromEnv + " (from the environment or an env file) is not a port; use -p");
    }

    /** Turns a bad {@code -m} into a usage error that names the bad part. */
    static final class FormationConverter implements ITypeConverter<Formation> {
        @Override
        public Formation convert(String value) {
            try {
                return Formation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
