package io.dynod.supervisor.slug;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slugs by sha256: fetches a slug (local path, {@code file:} or {@code http(s):} URL), verifies
 * its digest, and extracts it once into {@code <cacheDir>/<sha256>/}, a read-only tree.
 *
 * <p>Extraction happens in a {@code .tmp-*} directory beside the cache entries and is published
 * by one atomic rename, so a tree under its sha256 name is always complete; a refused slug leaves
 * nothing behind. Concurrent requests for one sha256 share a single extraction. One store owns a
 * cache directory: at start it removes {@code .tmp-*} leftovers of a crashed run. Blocking: call
 * it off the event loop.
 */
public final class SlugStore {

    private static final Logger LOG = LoggerFactory.getLogger(SlugStore.class);
    private static final String TEMP_PREFIX = ".tmp-";

    private final SlugConfig config;
    private final SafeUntar untar;
    private final SlugDownloader downloader;
    private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong extractions = new AtomicLong();

    public SlugStore(SlugConfig config) throws SlugException {
        this.config = config;
        this.untar = new SafeUntar(config);
        this.downloader = new SlugDownloader(config.fetchTimeout(), config.maxArchiveBytes());
        prepareCacheDir(config.cacheDir());
    }

    /** Fetches and extracts the slug at {@code location}, or finds it in the cache. */
    public Slug fetch(String location) throws SlugException {
        SlugSource source = SlugSource.parse(location);
        try (Archive archive = open(source)) {
            String sha = archive.sha256();
            return new Slug(sha, once(sha, () -> extract(archive)));
        }
    }

    /**
     * Like {@link #fetch(String)}, but the slug must have this sha256. A cached tree for it is
     * returned without reading {@code location} at all.
     */
    public Slug fetch(String location, String expectedSha256) throws SlugException {
        SlugSource source = SlugSource.parse(location);
        String expected = Sha256.normalize(expectedSha256);
        return new Slug(expected, once(expected, () -> {
            try (Archive archive = open(source)) {
                if (!archive.sha256().equals(expected)) {
                    throw new SlugException("slug " + location + " has sha256 " + archive.sha256()
                            + ", expected " + expected);
                }
                return extract(archive);
            }
        }));
    }

    /** How many extractions this store has started: a cache hit starts none. */
    public long extractions() {
        return extractions.get();
    }

    /** Where the tree of a slug with this sha256 lives once extracted. */
    public Path treeFor(String sha256) throws SlugException {
        return config.cacheDir().resolve(Sha256.normalize(sha256));
    }

    @FunctionalInterface
    private interface Extraction {
        Path run() throws SlugException;
    }

    /** Runs {@code extraction} unless the tree exists or another caller is extracting it already. */
    private Path once(String sha, Extraction extraction) throws SlugException {
        while (true) {
            CompletableFuture<Path> mine = new CompletableFuture<>();
            CompletableFuture<Path> running = inFlight.putIfAbsent(sha, mine);
            if (running == null) {
                try {
                    Path tree = treeFor(sha);
                    Path result = Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS) ? tree : extraction.run();
                    mine.complete(result);
                    return result;
                } catch (SlugException | RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    inFlight.remove(sha, mine);
                }
            }
            Optional<Path> done = awaitSuccess(running, sha);
            if (done.isPresent()) {
                return done.get();
            }
            // The other caller's source failed; ours may still be good, so try it.
        }
    }

    private static Optional<Path> awaitSuccess(CompletableFuture<Path> running, String sha) throws SlugException {
        try {
            return Optional.of(running.get());
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugException("interrupted while waiting for slug " + sha + " to be extracted", e);
        }
    }

    private Path extract(Archive archive) throws SlugException {
        extractions.incrementAndGet();
        long started = System.nanoTime();
        String sha = archive.sha256();
        Path work = null;
        try {
            work = Files.createTempDirectory(config.cacheDir(), TEMP_PREFIX + sha.substring(0, 12) + "-",
                    PosixFilePermissions.asFileAttribute(Trees.PRIVATE_DIR));
            Path root = extractVerified(archive, work);
            Path tree = publish(root, sha);
            LOG.info("slug {} extracted into {} in {} ms", sha, tree, (System.nanoTime() - started) / 1_000_000);
            return tree;
        } catch (SlugException e) {
            throw e;
        } catch (IOException e) {
            throw new SlugException("cannot extract slug " + archive.location() + ": " + e, e);
        } finally {
            if (work != null) {
                deleteQuietly(work);
            }
        }
    }

    /** Extracts while hashing again, so a local file changed since it was hashed is refused. */
    private Path extractVerified(Archive archive, Path work) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        Path root;
        try (InputStream in = new DigestInputStream(Files.newInputStream(archive.file()), digest)) {
            root = untar.extract(in, work);
            in.transferTo(OutputStream.nullOutputStream());
        }
        String reread = Sha256.hex(digest);
        if (!reread.equals(archive.sha256())) {
            throw new SlugException("slug " + archive.location() + " changed while it was read (sha256 "
                    + archive.sha256() + ", then " + reread + ")");
        }
        return root;
    }

    /** Renames the finished tree to its sha256 name, or keeps the one another process published. */
    private Path publish(Path root, String sha) throws IOException {
        Path tree = treeFor(sha);
        try {
            Files.move(root, tree, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
                return tree;
            }
            throw e;
        }
        try {
            Files.setPosixFilePermissions(tree, Trees.READ_ONLY_DIR);
        } catch (IOException e) {
            deleteQuietly(tree);
            throw e;
        }
        return tree;
    }

    private Archive open(SlugSource source) throws SlugException {
        if (source instanceof SlugSource.LocalFile local) {
            Path file = local.path();
            if (!Files.isRegularFile(file)) {
                throw new SlugException("slug file " + local.location() + " does not exist or is not a regular file");
            }
            try {
                return new Archive(local.location(), file, Sha256.ofFile(file), false);
            } catch (IOException e) {
                throw new SlugException("cannot read slug file " + local.location() + ": " + e, e);
            }
        }
        SlugSource.Remote remote = (SlugSource.Remote) source;
        Path file;
        try {
            file = Files.createTempFile(config.cacheDir(), TEMP_PREFIX + "download-", ".tar.gz");
        } catch (IOException e) {
            throw new SlugException("cannot create a download file in " + config.cacheDir() + ": " + e, e);
        }
        try {
            return new Archive(remote.location(), file, downloader.download(remote.uri(), remote.location(), file), true);
        } catch (SlugException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** The slug's bytes in a local file; a download's file is removed on close. */
    private record Archive(String location, Path file, String sha256, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary) {
                deleteQuietly(file);
            }
        }
    }

    private static void prepareCacheDir(Path cacheDir) throws SlugException {
        try {
            if (!Files.isDirectory(cacheDir)) {
                Files.createDirectories(cacheDir);
                Files.setPosixFilePermissions(cacheDir, Trees.PRIVATE_DIR);
            }
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cacheDir, TEMP_PREFIX + "*")) {
                for (Path leftover : leftovers) {
                    LOG.info("removing {}, left by an interrupted slug extraction", leftover);
                    Trees.deleteRecursively(leftover);
                }
            }
        } catch (IOException e) {
            throw new SlugException("cannot prepare slug cache " + cacheDir + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Trees.deleteRecursively(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.toString());
        }
    }
}
