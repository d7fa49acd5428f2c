package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Show an app's config vars")
final class ConfigCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Mixin JsonOutput json;
    @Option(names = "--shell", description = "Print KEY='value' lines, for a shell or a .env file") boolean shell;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        try (AgentClient client = agent.connect()) {
            Map<String, String> vars = client.configVars(name);
            json.print(spec, new TreeMap<>(vars), () -> shell ? renderShell(vars) : "=== " + name + " Config Vars\n" + render(vars));
        }
        return 0;
    }

    /** {@code KEY:   value} lines, keys sorted, values aligned as Heroku's CLI does. */
    static String render(Map<String, String> vars) {
        Map<String, String> sorted = new TreeMap<>(vars);
        int width = sorted.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder out = new StringBuilder();
        sorted.forEach((key, value) -> out.append(key).append(':').append(" ".repeat(width - key.length()))
                .append(value).append('\n'));
        return out.toString();
    }

    static String renderShell(Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(vars).forEach((key, value) ->
                out.append(key).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }
}
