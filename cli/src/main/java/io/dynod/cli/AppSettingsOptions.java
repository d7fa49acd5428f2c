package io.dynod.cli;

import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.IdleAfter;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --idle-after 5m|off} and {@code --domain D} (repeatable), for apps:create and apps:update. */
final class AppSettingsOptions {

    @Option(names = "--idle-after", paramLabel = "DURATION|off",
            description = "Sleep web dynos after this long without requests: 90s, 5m, 2h, or off")
    String idleAfter;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "A custom domain (repeat for more); replaces the app's list")
    List<String> domains;

    AppSettings toSettings() {
        return new AppSettings(idleAfter == null ? null : IdleAfter.parse(idleAfter), domains);
    }

    boolean isEmpty() {
        return idleAfter == null && domains == null;
    }
}
