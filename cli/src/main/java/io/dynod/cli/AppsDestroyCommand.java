package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Names;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apps:destroy", mixinStandardHelpOptions = true, description = "Destroy an app and stop its dynos")
final class AppsDestroyCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Parameters(paramLabel = "NAME", description = "The app to destroy") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Names.appName(name);
        try (AgentClient client = agent.connect()) {
            client.destroyApp(name);
        }
        spec.commandLine().getOut().print("Destroying " + name + " (including all its dynos)... done\n");
        return 0;
    }
}
