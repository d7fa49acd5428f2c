package io.dynod.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mirrors every key under a prefix into a {@link Listener}: one consistent read, then a watch from
 * the next revision. When the stream breaks it is re-opened from the last applied revision + 1
 * (with backoff), so no change is missed or repeated; when etcd has compacted that revision away it
 * reads the prefix again and hands over a fresh snapshot. While etcd is out of reach it reports
 * "stale since" once and keeps going; it never drops the listener's state on its own.
 *
 * <p>All listener calls come in order from one Vert.x context and must not block.
 */
public final class PrefixWatcher {

    private static final Logger log = LoggerFactory.getLogger(PrefixWatcher.class);

    /** Receives the mirrored prefix. */
    public interface Listener {

        /** The whole prefix as of {@code snapshot.revision()}: replace everything known before. */
        void onSnapshot(RangeResult snapshot);

        /** The next change after the last snapshot or event. */
        void onEvent(WatchEvent event);

        /** etcd is out of reach since {@code since}; keep serving what you have. */
        default void onStale(Instant since) {
        }

        /** After {@link #onStale}: the watch is running again and will replay what was missed. */
        default void onLive() {
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final EtcdClient etcd;
    private final String prefix;
    private final Listener listener;
    private final Backoff backoff;

    private volatile long lastRevision;
    private volatile Instant staleSince;
    private WatchSubscription watch;
    private int generation;
    private long retryTimer = -1;
    private boolean started;
    private boolean closed;

    public PrefixWatcher(Vertx vertx, EtcdClient etcd, String prefix, Listener listener, Backoff backoff) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.etcd = etcd;
        this.prefix = prefix;
        this.listener = listener;
        this.backoff = backoff;
    }

    public PrefixWatcher(Vertx vertx, EtcdClient etcd, String prefix, Listener listener) {
        this(vertx, etcd, prefix, listener, Backoff.defaults());
    }

    public void start() {
        context.runOnContext(v -> {
            if (!started && !closed) {
                started = true;
                resync();
            }
        });
    }

    public void close() {
        context.runOnContext(v -> {
            closed = true;
            generation++;
            if (retryTimer != -1) {
                vertx.cancelTimer(retryTimer);
            }
            if (watch != null) {
                watch.cancel();
            }
        });
    }

    /** The revision of the last snapshot or event handed to the listener. */
    public long lastRevision() {
        return lastRevision;
    }

    public Optional<Instant> staleSince() {
        return Optional.ofNullable(staleSince);
    }

    private void resync() {
        if (closed) {
            return;
        }
        etcd.rangePrefix(prefix).onComplete(read -> onContext(() -> {
            if (closed) {
                return;
            }
            if (read.failed()) {
                stale(read.cause());
                retryLater(this::resync);
                return;
            }
            RangeResult snapshot = read.result();
            lastRevision = snapshot.revision();
            safely(() -> listener.onSnapshot(snapshot));
            watchFrom(snapshot.revision() + 1);
        }));
    }

    private void watchFrom(long revision) {
        int current = ++generation;
        watch = etcd.watch(prefix, revision, new Stream(current));
    }

    private void stale(Throwable cause) {
        if (staleSince == null) {
            staleSince = Instant.now();
            log.warn("etcd watch on {} lost at revision {}, keeping the last known state: {}", prefix, lastRevision,
                    GatewayErrors.describe(cause));
            Instant since = staleSince;
            safely(() -> listener.onStale(since));
        }
    }

    private void live() {
        Instant since = staleSince;
        backoff.reset();
        if (since != null) {
            staleSince = null;
            log.info("etcd watch on {} running again from revision {} after {} ms", prefix, lastRevision + 1,
                    Duration.between(since, Instant.now()).toMillis());
            safely(listener::onLive);
        }
    }

    private void retryLater(Runnable retry) {
        retryTimer = vertx.setTimer(backoff.nextDelayMillis(), id -> {
            retryTimer = -1;
            if (!closed) {
                retry.run();
            }
        });
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("etcd watch listener on {} failed; continuing", prefix, e);
        }
    }

    /** Callbacks of one watch stream; ignored once a newer stream replaced it. */
    private final class Stream implements WatchHandler {

        private final int id;

        Stream(int id) {
            this.id = id;
        }

        private boolean current() {
            return !closed && id == generation;
        }

        @Override
        public void onCreated(long revision) {
            onContext(() -> {
                if (current()) {
                    live();
                }
            });
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            onContext(() -> {
                if (!current()) {
                    return;
                }
                for (WatchEvent event : events) {
                    lastRevision = event.revision();
                    safely(() -> listener.onEvent(event));
                }
            });
        }

        @Override
        public void onCompacted(long compactRevision) {
            onContext(() -> {
                if (current()) {
                    log.info("etcd compacted {} past revision {} (now {}); reading the prefix again", prefix,
                            lastRevision + 1, compactRevision);
                    generation++;
                    resync();
                }
            });
        }

        @Override
        public void onClosed(Throwable cause) {
            onContext(() -> {
                if (current()) {
                    generation++;
                    stale(cause);
                    retryLater(() -> watchFrom(lastRevision + 1));
                }
            });
        }
    }
}
