package io.dynod.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dynod} command: wires every subcommand together. */
@Command(
        name = "dynod",
        mixinStandardHelpOptions = true,
        versionProvider = DynodVersion.class,
        description = "A self-hosted Heroku dyno runtime for Linux.%n",
        subcommands = {CommandLine.HelpCommand.class,
            LocalCommand.class, UpCommand.class, AgentCommand.class, RouterCommand.class,
            DeployCommand.class, RunCommand.class,
            AppsCommand.class, AppsCreateCommand.class, AppsDestroyCommand.class, AppsUpdateCommand.class,
            ReleasesCommand.class, RollbackCommand.class,
            PsCommand.class, PsScaleCommand.class, PsRestartCommand.class, PsStopCommand.class,
            LogsCommand.class, ConfigCommand.class, ConfigSetCommand.class, ConfigUnsetCommand.class,
            DrainCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 operation failed, 2 usage error. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } finally {
            // picocli's writers flush only on println; the commands print whole blocks with print()
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        PlannedCommands.registerOn(cli);
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli;
    }
}
