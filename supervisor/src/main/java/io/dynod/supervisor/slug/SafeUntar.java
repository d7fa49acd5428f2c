package io.dynod.supervisor.slug;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a slug ({@code .tar.gz}) without trusting it. Accepts Heroku's layout (everything under
 * {@code ./app/}) and a plain root. Refuses absolute paths, {@code ..}, symlinks that resolve
 * outside the tree, hardlinks to anything but a regular file extracted earlier, devices, FIFOs,
 * writes through a symlinked parent, duplicate names, more than the configured entries or bytes
 * (bytes counted as written, not as the headers claim), and a truncated gzip or tar. Files become
 * {@code r--r--r--}, or {@code r-xr-xr-x} when any exec bit was set: setuid, setgid and sticky
 * bits are dropped, and the dyno reads the tree as "other" since its uid owns none of it.
 */
public final class SafeUntar {

    /** GNU long names are read into memory; a path is at most 4096 bytes on Linux. */
    private static final long MAX_LONG_NAME = 64 * 1024;
    private static final Set<PosixFilePermission> READ_ONLY_FILE = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> READ_ONLY_EXEC = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final String HEROKU_APP_DIR = "app";

    private final long maxBytes;
    private final int maxEntries;
    private final long maxArchiveBytes;

    public SafeUntar(SlugConfig config) {
        this.maxBytes = config.maxBytes();
        this.maxEntries = config.maxEntries();
        this.maxArchiveBytes = config.maxArchiveBytes();
    }

    /**
     * Extracts {@code gzipped} into {@code dest}, an existing empty directory. The stream is left
     * open, read at least to the end of the gzip member, so the caller can read what follows
     * (to finish a digest of the whole file).
     *
     * @return the app root: {@code dest/app} for Heroku's layout, else {@code dest}. Everything
     *     below it is read-only; the root itself stays writable so the caller can move it into
     *     place before sealing it.
     * @throws SlugException naming the offending entry and rule; {@code dest} may then hold a
     *     partial tree, which the caller removes
     */
    public Path extract(InputStream gzipped, Path dest) throws SlugException {
        return new Extraction(dest).run(gzipped);
    }

    private final class Extraction {
        private final Path dest;
        private final List<Symlink> symlinks = new ArrayList<>();
        private long entries;
        private long bytes;
        private boolean allUnderApp = true;
        private String lastEntry;

        Extraction(Path dest) {
            this.dest = dest;
        }

        Path run(InputStream gzipped) throws SlugException {
            try (GzipCompressorInputStream gzip = new GzipCompressorInputStream(
                    new BufferedInputStream(new UnclosedInputStream(gzipped)));
                 InputStream tarBytes = new LimitedInputStream(gzip, maxArchiveBytes,
                         "slug's tar stream is larger than " + maxArchiveBytes + " bytes");
                 CheckedTarStream tar = new CheckedTarStream(tarBytes)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    lastEntry = entry.getName();
                    extractEntry(entry, tar);
                }
                if (!tar.endMarkerSeen()) {
                    throw new SlugException("slug is truncated: the tar has no end-of-archive marker"
                            + lastEntryNote());
                }
                // Reading to the end makes the gzip reader check its trailer (CRC and length).
                tarBytes.transferTo(OutputStream.nullOutputStream());
            } catch (SlugException e) {
                throw e;
            } catch (IOException e) {
                throw new SlugException("slug is not a complete .tar.gz" + lastEntryNote() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // The parser's own checks throw IOException; anything else is a header it choked on.
                throw new SlugException("slug is not a valid .tar.gz" + lastEntryNote() + ": " + e, e);
            }
            return finish();
        }

        private String lastEntryNote() {
            return lastEntry == null ? "" : " (last entry \"" + lastEntry + "\")";
        }

        private void extractEntry(TarArchiveEntry entry, TarArchiveInputStream tar) throws IOException {
            String name = entry.getName();
            if (++entries > maxEntries) {
                throw SlugException.refused(name, "slug has more than " + maxEntries + " entries");
            }
            EntryPath path = EntryPath.parse(name, name, "path");
            if (path.isRoot()) {
                if (entry.isDirectory()) {
                    return;
                }
                throw SlugException.refused(name, "names the slug root but is not a directory");
            }
            allUnderApp &= path.first().equals(HEROKU_APP_DIR);
            try {
                if (entry.isSymbolicLink()) {
                    symlink(entry, path);
                } else if (entry.isLink()) {
                    hardlink(entry, path);
                } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                    throw SlugException.refused(name, "device nodes are not allowed");
                } else if (entry.isFIFO()) {
                    throw SlugException.refused(name, "FIFOs are not allowed");
                } else if (entry.isDirectory()) {
                    directory(name, path);
                } else if (entry.isSparse()) {
                    throw SlugException.refused(name, "sparse files are not supported");
                } else if (isRegularFile(entry)) {
                    file(entry, path, tar);
                } else {
                    throw SlugException.refused(name, "unsupported entry type '" + (char) entry.getLinkFlag() + "'");
                }
            } catch (FileAlreadyExistsException e) {
                throw SlugException.refused(name, "duplicate entry: the name is already taken");
            } catch (InvalidPathException e) {
                throw SlugException.refused(name, "the name cannot be used on this host: " + e.getMessage());
            } catch (FileSystemException e) {
                throw cannotWrite(name, e);
            }
        }

        private boolean isRegularFile(TarArchiveEntry entry) {
            byte flag = entry.getLinkFlag();
            return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
        }

        private void directory(String name, EntryPath path) throws IOException {
            makeParents(name, path);
            Path dir = path.under(dest);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.createDirectory(dir);
        }

        private void file(TarArchiveEntry entry, EntryPath path, InputStream content) throws IOException {
            String name = entry.getName();
            if (bytes + entry.getSize() > maxBytes) {
                throw tooManyBytes(name);
            }
            makeParents(name, path);
            Path file = path.under(dest);
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                int n;
                while ((n = content.read(buffer)) != -1) {
                    bytes += n;
                    if (bytes > maxBytes) {
                        throw tooManyBytes(name);
                    }
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        throw cannotWrite(name, e);
                    }
                }
            }
            boolean executable = (entry.getMode() & 0111) != 0;
            Files.setPosixFilePermissions(file, executable ? READ_ONLY_EXEC : READ_ONLY_FILE);
            FileTime modified = entry.getLastModifiedTime();
            if (modified != null) {
                Files.setLastModifiedTime(file, modified);
            }
        }

        /** A host-side failure (disk full, name too long), told apart from a broken archive. */
        private SlugException cannotWrite(String name, IOException e) {
            return new SlugException("slug entry \"" + name + "\" could not be written: " + e, e);
        }

        private SlugException tooManyBytes(String name) {
            return SlugException.refused(name, "slug holds more than " + maxBytes + " bytes");
        }

        private void symlink(TarArchiveEntry entry, EntryPath path) throws IOException {
            String name = entry.getName();
            String target = entry.getLinkName();
            makeParents(name, path);
            TreeLinks.requireInside(dest, path.parentParts(), target, name);
            Files.createSymbolicLink(path.under(dest), Path.of(target));
            symlinks.add(new Symlink(name, path, target));
        }

        private void hardlink(TarArchiveEntry entry, EntryPath path) throws IOException {
            String name = entry.getName();
            EntryPath target = EntryPath.parse(entry.getLinkName(), name, "hardlink target");
            if (target.isRoot() || hasSymlinkedParent(target)
                    || !Files.isRegularFile(target.under(dest), LinkOption.NOFOLLOW_LINKS)) {
                throw SlugException.refused(name, "hardlink target \"" + entry.getLinkName()
                        + "\" is not a regular file extracted earlier");
            }
            makeParents(name, path);
            Files.createLink(path.under(dest), target.under(dest));
        }

        private boolean hasSymlinkedParent(EntryPath path) {
            Path current = dest;
            for (String part : path.parentParts()) {
                current = current.resolve(part);
                if (Files.isSymbolicLink(current)) {
                    return true;
                }
            }
            return false;
        }

        /** Creates missing parents; never goes through a symlink or a non-directory. */
        private void makeParents(String name, EntryPath path) throws IOException {
            Path current = dest;
            for (String part : path.parentParts()) {
                current = current.resolve(part);
                if (Files.isSymbolicLink(current)) {
                    throw SlugException.refused(name, "parent \"" + dest.relativize(current) + "\" is a symlink");
                }
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(current);
                } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw SlugException.refused(name, "parent \"" + dest.relativize(current) + "\" is not a directory");
                }
            }
        }

        private Path finish() throws SlugException {
            Path appDir = dest.resolve(HEROKU_APP_DIR);
            boolean herokuLayout = allUnderApp && Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS);
            Path root = herokuLayout ? appDir : dest;
            // Checked again now that every link exists: a later link can change where an earlier
            // one leads, and Heroku's layout moves the root one level down.
            for (Symlink link : symlinks) {
                EntryPath path = herokuLayout ? link.path().withoutFirst() : link.path();
                TreeLinks.requireInside(root, path.parentParts(), link.target(), link.name());
            }
            try {
                Trees.sealDirectoriesBelow(root);
            } catch (IOException e) {
                throw new SlugException("cannot make the extracted slug read-only: " + e.getMessage(), e);
            }
            return root;
        }
    }

    /** Keeps the caller's stream open when the gzip reader closes its input. */
    private static final class UnclosedInputStream extends FilterInputStream {
        UnclosedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    private record Symlink(String name, EntryPath path, String target) {
    }

    /** Remembers whether the archive really ended with its zero block, or just stopped. */
    private static final class CheckedTarStream extends TarArchiveInputStream {
        private boolean endMarkerSeen;

        CheckedTarStream(InputStream in) {
            super(in, TarConstants.DEFAULT_BLKSIZE, TarConstants.DEFAULT_RCDSIZE,
                    StandardCharsets.UTF_8.name(), false);
        }

        boolean endMarkerSeen() {
            return endMarkerSeen;
        }

        @Override
        protected boolean isEOFRecord(byte[] record) {
            boolean eof = super.isEOFRecord(record);
            if (eof && record != null) {
                endMarkerSeen = true;
            }
            return eof;
        }

        @Override
        protected byte[] getLongNameData() throws IOException {
            TarArchiveEntry current = getCurrentEntry();
            if (current != null && current.getSize() > MAX_LONG_NAME) {
                throw new SlugException("slug has a " + current.getSize() + "-byte long name (limit "
                        + MAX_LONG_NAME + ")");
            }
            return super.getLongNameData();
        }
    }
}
