package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.InvalidInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "apps:update", mixinStandardHelpOptions = true,
        description = "Change an app's settings (--idle-after, --domain)")
final class AppsUpdateCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Mixin AppSettingsOptions settings;
    @Mixin JsonOutput json;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (settings.isEmpty()) {
            throw new InvalidInputException("nothing to change: give --idle-after or --domain");
        }
        String name = app.name();
        try (AgentClient client = agent.connect()) {
            App updated = client.updateApp(name, settings.toSettings());
            json.print(spec, updated, () -> render(updated));
        }
        return 0;
    }

    static String render(App app) {
        return "Updating " + app.name() + "... done\n"
                + "idle-after: " + (app.idleAfter() == null ? "default" : app.idleAfter()) + "\n"
                + "domains:    " + (app.domains().isEmpty() ? "none" : String.join(", ", app.domains())) + "\n";
    }
}
