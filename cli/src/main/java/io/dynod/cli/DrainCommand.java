package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.DrainResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Stop every dyno on the agent gracefully (a host going down)")
final class DrainCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try (AgentClient client = agent.connect()) {
            DrainResult result = client.drain();
            spec.commandLine().getOut().print("Draining the agent at " + client.endpoint().base() + "... done, stopped "
                    + result.stopping() + (result.stopping() == 1 ? " dyno\n" : " dynos\n"));
        }
        return 0;
    }
}
