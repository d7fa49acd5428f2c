package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Names;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ps:restart", mixinStandardHelpOptions = true,
        description = "Restart an app's dynos, every dyno of a type (web), or one dyno (web.1)")
final class PsRestartCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Parameters(paramLabel = "TYPE|DYNO", arity = "0..1") String target;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        if (target != null) {
            Names.dynoOrType(target);
        }
        try (AgentClient client = agent.connect()) {
            if (target == null) {
                client.restartAll(name);
            } else {
                client.restart(name, target);
            }
        }
        spec.commandLine().getOut().print("Restarting " + what(target) + " on " + name + "... done\n");
        return 0;
    }

    static String what(String target) {
        if (target == null) {
            return "dynos";
        }
        return target.contains(".") ? target + " dyno" : target + " dynos";
    }
}
