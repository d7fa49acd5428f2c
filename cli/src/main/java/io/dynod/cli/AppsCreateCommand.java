package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.Names;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apps:create", mixinStandardHelpOptions = true, description = "Create an app")
final class AppsCreateCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppSettingsOptions settings;
    @Mixin JsonOutput json;
    @Parameters(paramLabel = "NAME", description = "App name: 2-30 lowercase letters, digits and dashes") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Names.appName(name);
        AppSettings wanted = settings.toSettings();
        try (AgentClient client = agent.connect()) {
            App app = client.createApp(name, wanted);
            json.print(spec, app, () -> "Creating " + name + "... done\n");
        }
        return 0;
    }
}
