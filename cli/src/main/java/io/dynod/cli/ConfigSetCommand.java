package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.ConfigVars;
import io.dynod.protocol.model.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "config:set", mixinStandardHelpOptions = true,
        description = "Set config vars; makes a new release and restarts the app's dynos")
final class ConfigSetCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Parameters(paramLabel = "KEY=VALUE", arity = "1..*") List<String> assignments;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        Map<String, String> patch = parse(assignments);
        try (AgentClient client = agent.connect()) {
            client.updateConfigVars(name, patch);
            spec.commandLine().getOut().print(ConfigChange.done("Setting", patch.keySet(), name, client.app(name))
                    + ConfigCommand.render(patch));
        }
        return 0;
    }

    /** {@code KEY=VALUE} arguments, split at the first '='; the value may be empty or hold '='. */
    static Map<String, String> parse(List<String> assignments) {
        Map<String, String> patch = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new InvalidInputException("\"" + assignment + "\": expected KEY=VALUE");
            }
            patch.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        return ConfigVars.checked(patch);
    }
}
