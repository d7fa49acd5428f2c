package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.client.Subscription;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.DynoSize;
import io.dynod.protocol.model.RunOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dynod run -a APP CMD...}: a one-off dyno with the app's environment, its output attached;
 * the command's exit status becomes this command's exit code. Interrupting stops the dyno.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a one-off dyno (run.N) with the app's config vars, output attached; exits with its status")
final class RunCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Option(names = {"-s", "--size"}, paramLabel = "SIZE", description = "Dyno size (default standard-1x)") String size;
    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Extra environment for this dyno only")
    Map<String, String> env;
    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command (joined by spaces, run by sh -c)")
    List<String> command;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        DynoCreate create = new DynoCreate(String.join(" ", command), size == null ? null : DynoSize.parse(size), env);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicInteger status = new AtomicInteger(-1);
        try (AgentClient client = agent.connect()) {
            Subscription run = client.run(name, create, item -> {
                if (item.kind() == RunOutput.Kind.STARTED) {
                    err.println("Running " + create.command() + " on " + name + "... up, " + item.dyno());
                    err.flush();
                } else if (item.kind() == RunOutput.Kind.OUTPUT) {
                    out.println(item.line());
                    out.flush();
                } else if (item.kind() == RunOutput.Kind.EXITED) {
                    status.set(item.status());
                }
            });
            Thread stop = new Thread(run::cancel, "dynod-run-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            run.await();
            Runtime.getRuntime().removeShutdownHook(stop);
        }
        if (status.get() < 0) {
            throw new IllegalStateException("the one-off dyno ended without an exit status");
        }
        return status.get();
    }
}
