package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Names;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ps:stop", mixinStandardHelpOptions = true,
        description = "Stop one dyno (a formation dyno is started again, as on Heroku)")
final class PsStopCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Parameters(paramLabel = "DYNO", description = "Like web.1") String dyno;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        Names.dynoName(dyno);
        try (AgentClient client = agent.connect()) {
            client.stop(name, dyno);
        }
        spec.commandLine().getOut().print("Stopping " + dyno + " dyno on " + name + "... done\n");
        return 0;
    }
}
