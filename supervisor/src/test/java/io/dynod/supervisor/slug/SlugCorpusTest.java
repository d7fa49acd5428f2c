package io.dynod.supervisor.slug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tar-slip and bad-slug corpus: each slug is refused with a clear error and leaves no residue. */
class SlugCorpusTest {

    private static final long MAX_BYTES = 1000;
    private static final int MAX_ENTRIES = 8;

    @TempDir
    Path temp;

    static Stream<Arguments> corpus() {
        byte[] good = new TarGz().dir("app").file("app/Procfile", "web: ./web\n").tarGz();
        byte[] oneFileTar = new TarGz().file("Procfile", "web: ./web\n").tar();
        return Stream.of(
                refused("dot-dot", new TarGz().file("app/../../etc/evil", "x").tarGz(),
                        "slug entry \"app/../../etc/evil\" refused: path \"app/../../etc/evil\" contains \"..\""),
                refused("dot-dot at the start", new TarGz().file("../evil", "x").tarGz(),
                        "slug entry \"../evil\" refused: path \"../evil\" contains \"..\""),
                refused("absolute path", new TarGz().file("/etc/cron.d/evil", "x").tarGz(),
                        "slug entry \"/etc/cron.d/evil\" refused: path \"/etc/cron.d/evil\" is absolute"),
                refused("symlink escaping with ..", new TarGz().dir("app").symlink("app/etc", "../../etc").tarGz(),
                        "slug entry \"app/etc\" refused: symlink target \"../../etc\" points outside the slug"),
                refused("symlink escaping from the Heroku app root",
                        new TarGz().dir("app").symlink("app/up", "..").tarGz(),
                        "slug entry \"app/up\" refused: symlink target \"..\" points outside the slug"),
                refused("absolute symlink", new TarGz().symlink("passwd", "/etc/passwd").tarGz(),
                        "slug entry \"passwd\" refused: symlink target \"/etc/passwd\" is absolute"),
                refused("symlink escaping through another symlink",
                        new TarGz().symlink("here", ".").symlink("evil", "here/../etc").tarGz(),
                        "slug entry \"evil\" refused: symlink target \"here/../etc\" points outside the slug"),
                refused("symlink made escaping by a later symlink",
                        new TarGz().symlink("evil", "here/../etc").symlink("here", ".").tarGz(),
                        "slug entry \"evil\" refused: symlink target \"here/../etc\" points outside the slug"),
                refused("file written through a symlinked directory",
                        new TarGz().dir("real").symlink("alias", "real").file("alias/x", "x").tarGz(),
                        "slug entry \"alias/x\" refused: parent \"alias\" is a symlink"),
                refused("hardlink escaping with ..", new TarGz().hardlink("shadow", "../etc/shadow").tarGz(),
                        "slug entry \"shadow\" refused: hardlink target \"../etc/shadow\" contains \"..\""),
                refused("absolute hardlink", new TarGz().hardlink("shadow", "/etc/shadow").tarGz(),
                        "slug entry \"shadow\" refused: hardlink target \"/etc/shadow\" is absolute"),
                refused("hardlink to a file not in the slug", new TarGz().hardlink("h", "missing").tarGz(),
                        "slug entry \"h\" refused: hardlink target \"missing\" is not a regular file extracted earlier"),
                refused("hardlink through a symlink",
                        new TarGz().dir("real").file("real/f", "x").symlink("alias", "real")
                                .hardlink("h", "alias/f").tarGz(),
                        "slug entry \"h\" refused: hardlink target \"alias/f\" is not a regular file extracted earlier"),
                refused("character device", new TarGz().special("app/null", TarConstants.LF_CHR).tarGz(),
                        "slug entry \"app/null\" refused: device nodes are not allowed"),
                refused("block device", new TarGz().special("app/sda", TarConstants.LF_BLK).tarGz(),
                        "slug entry \"app/sda\" refused: device nodes are not allowed"),
                refused("FIFO", new TarGz().special("app/pipe", TarConstants.LF_FIFO).tarGz(),
                        "slug entry \"app/pipe\" refused: FIFOs are not allowed"),
                refused("one file over the size limit", new TarGz().file("big", new byte[2000], 0644).tarGz(),
                        "slug entry \"big\" refused: slug holds more than 1000 bytes"),
                refused("files adding up over the size limit",
                        new TarGz().file("a", new byte[400], 0644).file("b", new byte[400], 0644)
                                .file("c", new byte[400], 0644).tarGz(),
                        "slug entry \"c\" refused: slug holds more than 1000 bytes"),
                refused("too many entries", manyFiles(MAX_ENTRIES + 1),
                        "slug entry \"f9\" refused: slug has more than 8 entries"),
                refused("duplicate name", new TarGz().file("a", "1").file("a", "2").tarGz(),
                        "slug entry \"a\" refused: duplicate entry"),
                refused("name the host file system cannot hold", new TarGz().file("n".repeat(300), "x").tarGz(),
                        "slug entry \"" + "n".repeat(300) + "\" could not be written: "),
                refused("gzip cut in half", TarGz.prefix(good, good.length / 2), "slug is not a complete .tar.gz"),
                refused("gzip trailer cut", TarGz.prefix(good, good.length - 4), "slug is not a complete .tar.gz"),
                refused("tar cut inside an entry", TarGz.gzip(TarGz.prefix(oneFileTar, 600)),
                        "slug is not a complete .tar.gz (last entry \"Procfile\")"),
                refused("tar cut before its end marker", TarGz.gzip(TarGz.prefix(oneFileTar, 1024)),
                        "slug is truncated: the tar has no end-of-archive marker (last entry \"Procfile\")"),
                refused("empty gzip", TarGz.gzip(new byte[0]), "slug is truncated"),
                refused("not gzip at all", "web: ./web\n".getBytes(), "slug is not a complete .tar.gz"));
    }

    private static byte[] manyFiles(int count) {
        TarGz slug = new TarGz();
        for (int i = 1; i <= count; i++) {
            slug.file("f" + i, "x");
        }
        return slug.tarGz();
    }

    private static Arguments refused(String name, byte[] slug, String message) {
        return Arguments.of(name, slug, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithAClearErrorAndNoResidue(String name, byte[] slug, String message) throws IOException {
        Path cache = temp.resolve("cache");
        SlugStore store = new SlugStore(SlugConfig.withDefaults(cache).withLimits(MAX_BYTES, MAX_ENTRIES));
        Path file = TarGz.write(temp.resolve("slug.tgz"), slug);

        assertThatThrownBy(() -> store.fetch(file.toString()))
                .isInstanceOf(SlugException.class)
                .hasMessageContaining(message);

        assertThat(listing(cache)).as("cache after refusing: " + name).isEmpty();
        assertThat(store.extractions()).isEqualTo(1);
    }

    static String[] listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toArray(String[]::new);
        }
    }
}
