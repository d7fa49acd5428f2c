package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.App;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "apps", mixinStandardHelpOptions = true, description = "List the apps on an agent")
final class AppsCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin JsonOutput json;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try (AgentClient client = agent.connect()) {
            List<App> apps = client.apps();
            json.print(spec, apps, () -> render(apps));
        }
        return 0;
    }

    static String render(List<App> apps) {
        if (apps.isEmpty()) {
            return "You have no apps.\n";
        }
        StringBuilder out = new StringBuilder("=== Apps\n");
        apps.stream().map(App::name).sorted().forEach(name -> out.append(name).append('\n'));
        return out.toString();
    }
}
