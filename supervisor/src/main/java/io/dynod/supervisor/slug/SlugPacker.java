package io.dynod.supervisor.slug;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * {@code dynod deploy DIR}: packs an app folder into a slug ({@code .tar.gz}, the folder's
 * contents at the archive root) that {@link SlugStore} accepts: regular files (executable or
 * not), directories, and symlinks that stay inside the folder. {@code .git} is left out, as
 * Heroku leaves it out of slugs; anything else (a device, a link pointing out) is refused, naming it.
 */
public final class SlugPacker {
    private static final Set<String> SKIPPED = Set.of(".git");

    private SlugPacker() {
    }

    public static void pack(Path dir, OutputStream out) throws IOException {
        Path root = dir.toRealPath();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(root)) {
                        if (SKIPPED.contains(d.getFileName().toString())) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        add(tar, new TarArchiveEntry(name(root, d) + "/"), 0755, null);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    String name = name(root, f);
                    if (attrs.isSymbolicLink()) {
                        Path target = Files.readSymbolicLink(f);
                        if (target.isAbsolute() || !f.getParent().resolve(target).normalize().startsWith(root)) {
                            throw new IOException(f + ": a symlink pointing outside " + dir + " cannot go into a slug");
                        }
                        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(target.toString());
                        add(tar, link, 0777, null);
                    } else if (attrs.isRegularFile()) {
                        TarArchiveEntry entry = new TarArchiveEntry(name);
                        entry.setSize(attrs.size());
                        boolean exec = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)
                                .contains(PosixFilePermission.OWNER_EXECUTE);
                        add(tar, entry, exec ? 0755 : 0644, f);
                    } else {
                        throw new IOException(f + ": not a regular file, directory or symlink; cannot go into a slug");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            tar.finish();
        }
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString();
    }

    private static void add(TarArchiveOutputStream tar, TarArchiveEntry entry, int mode, Path content) throws IOException {
        entry.setMode((entry.isSymbolicLink() ? 0120000 : entry.isDirectory() ? 040000 : 0100000) | mode);
        tar.putArchiveEntry(entry);
        if (content != null) {
            Files.copy(content, tar);
        }
        tar.closeArchiveEntry();
    }
}
