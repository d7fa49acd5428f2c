package io.dynod.supervisor.launch;

import io.dynod.supervisor.cgroup.MountInfo;
import io.dynod.supervisor.linux.IdmappedMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per app, an idmapped view of each slug tree in which the slug's root-owned files belong to the
 * app's uid, used as the overlay's lower layer: a dyno can then write anywhere in {@code /app}, as
 * on Heroku, while the slug itself stays untouched. One view per (slug, uid), shared by all of the
 * app's dynos and kept until {@link #release} or {@link #releaseAll}. Where the kernel cannot
 * idmap, the slug itself is the lower layer (one warning): {@code /app} then only takes new files.
 */
final class SlugViews {
    private static final Logger LOG = LoggerFactory.getLogger(SlugViews.class);

    private record Key(Path slug, int uid) {}

    private final Path viewsDir;
    private final Map<Key, Path> views = new HashMap<>();
    private boolean unsupported;

    SlugViews(Path viewsDir) {
        this.viewsDir = viewsDir;
    }

    synchronized Path lowerDir(Path slugDir, int uid) {
        if (unsupported) {
            return slugDir;
        }
        Key key = new Key(slugDir.normalize(), uid);
        Path existing = views.get(key);
        if (existing != null) {
            return existing;
        }
        Path view = viewsDir.resolve(uid + "-" + digest(key.slug()));
        try {
            Files.createDirectories(view);
            IdmappedMount.mount(key.slug(), view, uid);
        } catch (IOException | RuntimeException e) {
            LOG.warn("slug files stay root-owned in /app (dynos can only add files): cannot idmap {}: {}",
                    slugDir, e.getMessage());
            unsupported = true;
            deleteQuietly(view);
            return slugDir;
        }
        views.put(key, view);
        return view;
    }

    /**
     * Unmounts the views an earlier agent run left mounted (it was killed before it could release
     * them). Safe with its dynos still running: each holds its own copy of the mounts in its
     * namespace, and the next launch of an app mounts its view again.
     */
    synchronized void unmountLeftovers() {
        String prefix = viewsDir.toString() + "/";
        for (String mountPoint : MountInfo.ofSelf().mountPoints()) {
            if (mountPoint.startsWith(prefix)) {
                Path view = Path.of(mountPoint);
                try {
                    IdmappedMount.unmount(view);
                    LOG.info("unmounted slug view {} left by an earlier agent run", view);
                } catch (IOException e) {
                    LOG.warn("cannot unmount slug view {} left by an earlier agent run: {}", view, e.getMessage());
                }
                deleteQuietly(view);
            }
        }
    }

    /** Unmounts the views of a slug no longer in use; running dynos keep their own mounts. */
    synchronized void release(Path slugDir) {
        release(k -> k.slug().equals(slugDir.normalize()));
    }

    synchronized void releaseAll() {
        release(k -> true);
    }

    private void release(Predicate<Key> which) {
        for (Iterator<Map.Entry<Key, Path>> it = views.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Path> view = it.next();
            if (which.test(view.getKey())) {
                try {
                    IdmappedMount.unmount(view.getValue());
                } catch (IOException e) {
                    LOG.warn("cannot unmount slug view {}: {}", view.getValue(), e.getMessage());
                }
                deleteQuietly(view.getValue());
                it.remove();
            }
        }
    }

    private static String digest(Path slug) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(slug.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }
}
