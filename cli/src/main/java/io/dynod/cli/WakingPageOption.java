package io.dynod.cli;

import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/** {@code --waking-page APP,...}: the apps whose browsers get the "waking up" page during a cold start. */
final class WakingPageOption {

    @Option(names = "--waking-page", paramLabel = "APP", split = ",",
            description = "Apps that opt in to the self-reloading \"waking up\" page for browsers during a cold start "
                    + "('*' for all)")
    List<String> apps = List.of();

    Predicate<String> predicate() {
        List<String> chosen = List.copyOf(apps);
        return app -> chosen.contains("*") || chosen.contains(app);
    }
}
