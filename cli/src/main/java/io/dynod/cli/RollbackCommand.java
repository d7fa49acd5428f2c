package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Roll an app back to a release (default: the one before the current)")
final class RollbackCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Parameters(paramLabel = "vN", arity = "0..1", description = "The release to roll back to, like v3") String version;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        Integer wanted = version == null ? null : Release.parseVersion(version);
        try (AgentClient client = agent.connect()) {
            int target = wanted != null ? wanted : previousRelease(name, client.releases(name));
            Release made = client.rollback(name, target);
            spec.commandLine().getOut().print(
                    "Rolling back " + name + " to v" + target + "... done, v" + made.version() + "\n");
        }
        return 0;
    }

    /** The newest succeeded release older than the current one, as {@code heroku rollback} picks. */
    static int previousRelease(String app, List<Release> releases) {
        Optional<Integer> current = releases.stream()
                .filter(release -> Boolean.TRUE.equals(release.current()))
                .map(Release::version)
                .findFirst();
        int below = current.orElse(Integer.MAX_VALUE);
        return releases.stream()
                .filter(release -> release.version() < below)
                .filter(release -> release.status() == null || release.status() == ReleaseStatus.SUCCEEDED)
                .max(Comparator.comparing(Release::version))
                .map(Release::version)
                .orElseThrow(() -> new InvalidInputException(app + " has no earlier release to roll back to"));
    }
}
