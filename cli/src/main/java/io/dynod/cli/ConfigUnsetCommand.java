package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.ConfigVars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "config:unset", mixinStandardHelpOptions = true,
        description = "Unset config vars; makes a new release and restarts the app's dynos")
final class ConfigUnsetCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Parameters(paramLabel = "KEY", arity = "1..*") List<String> keys;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        Map<String, String> patch = new LinkedHashMap<>();
        keys.forEach(key -> patch.put(key, null));
        ConfigVars.checked(patch);
        try (AgentClient client = agent.connect()) {
            client.updateConfigVars(name, patch);
            spec.commandLine().getOut().print(ConfigChange.done("Unsetting", patch.keySet(), name, client.app(name)));
        }
        return 0;
    }
}
