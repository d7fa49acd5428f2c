package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "releases", mixinStandardHelpOptions = true, description = "List an app's releases, newest first")
final class ReleasesCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Mixin JsonOutput json;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        try (AgentClient client = agent.connect()) {
            List<Release> releases = client.releases(name);
            json.print(spec, releases, () -> render(name, releases, Instant.now(), ZoneId.systemDefault()));
        }
        return 0;
    }

    /** {@code v4  Set GREETING config vars  2026/11/26 11:02:03 +0000 (~ 8m ago)}, newest first. */
    static String render(String app, List<Release> releases, Instant now, ZoneId zone) {
        if (releases.isEmpty()) {
            return app + " has no releases.\n";
        }
        List<Release> newestFirst = releases.stream()
                .sorted(Comparator.comparing(Release::version).reversed())
                .toList();
        String current = newestFirst.stream()
                .filter(release -> Boolean.TRUE.equals(release.current()))
                .map(release -> " - Current: v" + release.version())
                .findFirst().orElse("");
        int versionWidth = newestFirst.stream().mapToInt(release -> ("v" + release.version()).length()).max().orElse(2);
        int descriptionWidth = newestFirst.stream().mapToInt(release -> describe(release).length()).max().orElse(0);
        StringBuilder out = new StringBuilder("=== " + app + " Releases" + current + "\n");
        for (Release release : newestFirst) {
            out.append(pad("v" + release.version(), versionWidth)).append("  ")
                    .append(pad(describe(release), descriptionWidth));
            if (release.createdAt() != null) {
                out.append("  ").append(HumanTime.withAge(release.createdAt(), now, zone));
            }
            out.append('\n');
        }
        return out.toString().replaceAll(" +\n", "\n");
    }

    private static String describe(Release release) {
        String description = release.description() == null ? "" : release.description();
        ReleaseStatus status = release.status();
        return status == null || status == ReleaseStatus.SUCCEEDED ? description : description + " (" + status.wireName() + ")";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
