package io.dynod.cli;

import io.dynod.protocol.model.Names;
import picocli.CommandLine.Option;

/** {@code -a APP}, as Heroku's CLI takes it. */
final class AppOption {

    @Option(names = {"-a", "--app"}, paramLabel = "APP", required = true, description = "The app")
    String app;

    String name() {
        return Names.appName(app);
    }
}
