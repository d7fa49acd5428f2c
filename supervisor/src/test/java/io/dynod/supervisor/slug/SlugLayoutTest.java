package io.dynod.supervisor.slug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a good slug becomes: the app tree, read-only, with exec bits kept and set-id bits gone. */
class SlugLayoutTest {

    @TempDir
    Path temp;

    private SlugStore store;

    @BeforeEach
    void store() throws SlugException {
        store = new SlugStore(SlugConfig.withDefaults(temp.resolve("cache")));
    }

    private Slug fetch(TarGz slug) throws SlugException {
        return store.fetch(slug.writeTo(temp.resolve("slug.tgz")).toString());
    }

    @Test
    void herokuLayoutBecomesTheContentsOfApp() throws IOException {
        Slug slug = fetch(new TarGz()
                .dir("./").dir("./app").file("./app/Procfile", "web: bin/web\n")
                .dir("./app/bin").file("./app/bin/web", "#!/bin/sh\n", 0755)
                .dir("./app/lib").file("./app/lib/tool", "tool\n")
                .symlink("./app/bin/tool", "../lib/tool")
                .hardlink("./app/lib/tool-copy", "./app/lib/tool"));

        Path root = slug.root();
        assertThat(root).isEqualTo(temp.resolve("cache").resolve(slug.sha256()));
        assertThat(root.resolve("app")).doesNotExist();
        assertThat(root.resolve("Procfile")).hasContent("web: bin/web");
        assertThat(Files.readSymbolicLink(root.resolve("bin/tool"))).isEqualTo(Path.of("../lib/tool"));
        assertThat(root.resolve("bin/tool")).hasContent("tool");
        assertThat(Files.isSameFile(root.resolve("lib/tool"), root.resolve("lib/tool-copy"))).isTrue();
    }

    @Test
    void plainRootStaysAsIsEvenWithAnAppDirectory() throws IOException {
        Slug slug = fetch(new TarGz()
                .file("Procfile", "web: bundle exec rails s\n")
                .dir("app").dir("app/models").file("app/models/user.rb", "class User; end\n")
                .file("Gemfile", "source 'https://rubygems.org'\n"));

        assertThat(slug.root().resolve("Procfile")).exists();
        assertThat(slug.root().resolve("app/models/user.rb")).hasContent("class User; end");
        assertThat(slug.root().resolve("Gemfile")).exists();
    }

    @Test
    void setuidSetgidAndStickyBitsAreStripped() throws IOException {
        Slug slug = fetch(new TarGz()
                .file("suid", "x", 04755).file("sgid", "x", 02755).file("both", "x", 06711)
                .dir("sticky", 01777).file("sticky/f", "x"));

        assertThat(mode(slug.root().resolve("suid"))).isEqualTo(0555);
        assertThat(mode(slug.root().resolve("sgid"))).isEqualTo(0555);
        assertThat(mode(slug.root().resolve("both"))).isEqualTo(0555);
        assertThat(mode(slug.root().resolve("sticky"))).isEqualTo(0555);
    }

    @Test
    void execBitsAreKeptAndEverythingIsReadOnly() throws IOException {
        Slug slug = fetch(new TarGz()
                .dir("bin", 0777).file("bin/run", "#!/bin/sh\n", 0755).file("bin/own", "#!/bin/sh\n", 0700)
                .file("README", "hi", 0666).file("secret", "s", 0600));

        Path root = slug.root();
        assertThat(mode(root)).isEqualTo(0555);
        assertThat(mode(root.resolve("bin"))).isEqualTo(0555);
        assertThat(mode(root.resolve("bin/run"))).isEqualTo(0555);
        assertThat(mode(root.resolve("bin/own"))).isEqualTo(0555);
        assertThat(mode(root.resolve("README"))).isEqualTo(0444);
        assertThat(mode(root.resolve("secret"))).isEqualTo(0444);
    }

    @Test
    void filesKeepTheirModificationTime() throws IOException {
        Slug slug = fetch(new TarGz().file("Procfile", "web: x\n"));

        assertThat(Files.getLastModifiedTime(slug.root().resolve("Procfile"))).isEqualTo(TarGz.MODIFIED);
    }

    @Test
    void symlinksInsideTheTreeAreKeptEvenWhenDangling() throws IOException {
        Slug slug = fetch(new TarGz()
                .dir("a").dir("a/b").file("a/b/f", "f")
                .symlink("a/up", "..").symlink("a/b/deep", "../../a/b/f").symlink("later", "not/yet/there"));

        assertThat(slug.root().resolve("a/b/deep")).hasContent("f");
        assertThat(Files.readSymbolicLink(slug.root().resolve("a/up"))).isEqualTo(Path.of(".."));
        assertThat(Files.isSymbolicLink(slug.root().resolve("later"))).isTrue();
    }

    /** Permission bits including setuid, setgid and sticky, which PosixFilePermission cannot show. */
    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
