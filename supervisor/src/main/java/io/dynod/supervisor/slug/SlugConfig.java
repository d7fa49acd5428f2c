package io.dynod.supervisor.slug;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where extracted slugs are cached and how large a slug may be.
 *
 * @param cacheDir     holds one read-only tree per slug sha256, plus short-lived {@code .tmp-*} entries
 * @param maxBytes     most bytes the extracted files may hold together (counted as written)
 * @param maxEntries   most tar entries a slug may have
 * @param fetchTimeout connect and response-header timeout for {@code http(s):} slugs
 */
public record SlugConfig(Path cacheDir, long maxBytes, int maxEntries, Duration fetchTimeout) {

    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    /** Node apps with their node_modules reach 100k files; leave room above that. */
    public static final int DEFAULT_MAX_ENTRIES = 250_000;
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMinutes(2);

    public SlugConfig {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
        }
    }

    public static SlugConfig withDefaults(Path cacheDir) {
        return new SlugConfig(cacheDir, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_FETCH_TIMEOUT);
    }

    public SlugConfig withLimits(long newMaxBytes, int newMaxEntries) {
        return new SlugConfig(cacheDir, newMaxBytes, newMaxEntries, fetchTimeout);
    }

    /**
     * Largest archive (compressed download, or the tar stream inside the gzip) a slug within the
     * limits can need: the file bytes, at most a few 512-byte header and padding blocks per entry,
     * and slack for gzip's framing of incompressible data and tar's end padding.
     */
    public long maxArchiveBytes() {
        return maxBytes + maxBytes / 64 + 4096L * (maxEntries + 2) + (1 << 20);
    }
}
