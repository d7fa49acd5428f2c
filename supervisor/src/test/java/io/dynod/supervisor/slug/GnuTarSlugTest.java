package io.dynod.supervisor.slug;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slug packed the way Heroku's slug compiler packs one: GNU tar of {@code ./app}. */
class GnuTarSlugTest {

    @TempDir
    Path temp;

    @Test
    void gnuTarSlugWithLongNamesLinksAndSetuidExtracts() throws Exception {
        Path app = Files.createDirectories(temp.resolve("build/app"));
        Files.writeString(app.resolve("Procfile"), "web: bin/web\n");
        Path bin = Files.createDirectories(app.resolve("bin"));
        Files.writeString(bin.resolve("web"), "#!/bin/sh\nexec echo hi\n");
        Files.setPosixFilePermissions(bin.resolve("web"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(bin.resolve("web"), "unix:mode", 04755);
        Path deep = Files.createDirectories(app.resolve("node_modules/" + "very-long-package-name/".repeat(8)));
        Files.writeString(deep.resolve("index.js"), "module.exports = 1;\n");
        Files.createSymbolicLink(bin.resolve("index"), bin.relativize(deep.resolve("index.js")));
        Files.createLink(app.resolve("Procfile.copy"), app.resolve("Procfile"));
        Path slugFile = temp.resolve("slug.tgz");

        Process tar = new ProcessBuilder("tar", "-C", temp.resolve("build").toString(), "-czf", slugFile.toString(), "./app")
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();

        Slug slug = new SlugStore(SlugConfig.withDefaults(temp.resolve("cache"))).fetch(slugFile.toString());

        Path root = slug.root();
        assertThat(root.resolve("Procfile")).hasContent("web: bin/web");
        assertThat(root.resolve("bin/index")).hasContent("module.exports = 1;");
        assertThat(Files.isSameFile(root.resolve("Procfile"), root.resolve("Procfile.copy"))).isTrue();
        assertThat(SlugLayoutTest.mode(root.resolve("bin/web"))).isEqualTo(0555);
        assertThat(SlugLayoutTest.mode(root.resolve("Procfile"))).isEqualTo(0444);
    }
}
