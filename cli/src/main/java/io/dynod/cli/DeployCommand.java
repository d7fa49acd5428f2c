package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Names;
import io.dynod.protocol.model.Release;
import io.dynod.supervisor.slug.SlugPacker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dynod deploy -a APP DIR|SLUG.tgz}: packs a folder into a slug (or takes one), uploads it, releases it. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Make a slug from a folder (or take a slug .tgz), create a release, roll the dynos onto it")
final class DeployCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Mixin JsonOutput json;
    @Parameters(paramLabel = "DIR|SLUG.tgz", description = "An app folder with a Procfile, or a slug archive") Path source;
    @Option(names = "--sha256", paramLabel = "HEX", description = "The slug's expected sha256 (checked by the agent)")
    String sha256;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String name = app.name();
        if (sha256 != null) {
            Names.sha256(sha256);
        }
        if (!Files.exists(source)) {
            throw new IOException(source + ": no such file or directory");
        }
        Path slug = source;
        boolean packed = Files.isDirectory(source);
        if (packed) {
            slug = Files.createTempFile("dynod-slug-", ".tgz");
            try (OutputStream out = Files.newOutputStream(slug)) {
                SlugPacker.pack(source, out);
            }
        }
        try (AgentClient client = agent.connect()) {
            Release release = client.uploadRelease(name, slug, sha256);
            json.print(spec, release, () -> "Deploying " + source + " to " + name + "... done, v" + release.version()
                    + " (slug " + release.slug().sha256().substring(0, 12) + ")\n");
        } finally {
            if (packed) {
                Files.deleteIfExists(slug);
            }
        }
        return 0;
    }
}
