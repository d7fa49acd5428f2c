package io.dynod.supervisor.slug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder packed by {@link SlugPacker} is a slug {@link SlugStore} takes, with modes and links kept. */
class SlugPackerTest {
    @TempDir
    Path dir;

    @Test
    void packsFilesModesAndInnerLinksAndLeavesOutGit() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("Procfile"), "web: ./bin/run\n");
        Path run = Files.writeString(Files.createDirectories(app.resolve("bin")).resolve("run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(app.resolve("start"), Path.of("bin/run"));
        Files.writeString(Files.createDirectories(app.resolve(".git")).resolve("HEAD"), "ref\n");
        Path slug = dir.resolve("slug.tgz");
        try (OutputStream out = Files.newOutputStream(slug)) {
            SlugPacker.pack(app, out);
        }
        Slug extracted = new SlugStore(SlugConfig.withDefaults(dir.resolve("cache"))).fetch(slug.toString());
        Path root = extracted.root();
        assertThat(Files.readString(root.resolve("Procfile"))).isEqualTo("web: ./bin/run\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/run")))).isEqualTo("r-xr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("Procfile")))).isEqualTo("r--r--r--");
        assertThat(Files.readSymbolicLink(root.resolve("start"))).isEqualTo(Path.of("bin/run"));
        assertThat(root.resolve(".git")).doesNotExist();
    }

    @Test
    void refusesALinkPointingOutside() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.createSymbolicLink(app.resolve("passwd"), Path.of("../../etc/passwd"));
        assertThatThrownBy(() -> SlugPacker.pack(app, OutputStream.nullOutputStream()))
                .hasMessageContaining("passwd: a symlink pointing outside");
    }
}
