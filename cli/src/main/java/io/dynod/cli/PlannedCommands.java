package io.dynod.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The catalog of PRODUCT.md §2. Every command is listed by {@code dynod --help} from day one; one
 * whose real implementation is not registered in {@link Main} yet gets a placeholder that says
 * so plainly when run.
 */
final class PlannedCommands {

    record Entry(String name, String description) {}

    static final List<Entry> CATALOG = List.of(
            new Entry("local", "Run a Procfile in the foreground, like foreman / heroku local"),
            new Entry("up", "Agent and router in one process; deploys each folder as an app"),
            new Entry("agent", "The per-host agent daemon"),
            new Entry("router", "The router daemon"),
            new Entry("apps", "List the apps on an agent"),
            new Entry("apps:create", "Create an app"),
            new Entry("apps:destroy", "Destroy an app"),
            new Entry("apps:update", "Change an app's settings (--idle-after, --domain)"),
            new Entry("deploy", "Make a slug from a folder (or take one) and release it"),
            new Entry("releases", "List an app's releases"),
            new Entry("rollback", "Roll an app back to a release"),
            new Entry("ps", "List an app's dynos by type"),
            new Entry("ps:scale", "Set an app's formation: web=2:standard-2x worker=1"),
            new Entry("ps:restart", "Restart an app's dynos, a type, or one dyno"),
            new Entry("ps:stop", "Stop one dyno"),
            new Entry("logs", "Show or tail an app's logs"),
            new Entry("config", "Show an app's config vars"),
            new Entry("config:set", "Set config vars (a new release)"),
            new Entry("config:unset", "Unset config vars (a new release)"),
            new Entry("run", "Run a one-off dyno with the app's env, output attached"),
            new Entry("drain", "Stop every dyno on the agent gracefully"));

    private PlannedCommands() {}

    static void registerOn(CommandLine cli) {
        for (Entry planned : CATALOG) {
            if (!cli.getSubcommands().containsKey(planned.name())) {
                cli.addSubcommand(planned.name(), placeholder(planned));
            }
        }
    }

    private static CommandLine placeholder(Entry planned) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection((java.util.concurrent.Callable<Integer>) () -> {
            System.err.println("dynod " + planned.name() + ": not built yet in this version of dynod");
            return 1;
        });
        spec.usageMessage().description(planned.description() + " (not built yet)");
        spec.parser().unmatchedArgumentsAllowed(true);
        spec.parser().unmatchedOptionsArePositionalParams(true);
        return new CommandLine(spec);
    }
}
