package io.dynod.supervisor.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.GatewayErrors;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.PrefixWatcher;
import io.dynod.cluster.RangeResult;
import io.dynod.cluster.WatchEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves wake requests of routers ({@code /dynod/v1/wake/<app>}) for the apps this agent runs.
 * Every agent running the app sees the request; the one that creates the claim
 * {@code /dynod/v1/wake-claims/<app>/<revision of the request>} (create-if-absent, under its own
 * lease) wakes the app, waits for a web dyno to be up and then deletes the request and its claim.
 * The others do nothing, so one request starts dynos on exactly one agent.
 */
public final class EtcdWakeWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWakeWatcher.class);

    private final EtcdClient etcd;
    private final EtcdPublisher publisher;
    private final Function<String, CompletableFuture<Void>> wake;
    private final Duration upDeadline;
    private final PrefixWatcher watcher;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong woken = new AtomicLong();

    /**
     * @param wake       wakes an app on this agent ({@code DynoManager::wake})
     * @param upDeadline how long a woken app may take to have a web dyno up before the request is
     *                   given up (it then expires with the router's lease)
     */
    public EtcdWakeWatcher(Vertx vertx, EtcdClient etcd, EtcdPublisher publisher,
                           Function<String, CompletableFuture<Void>> wake, Duration upDeadline) {
        this.etcd = requireNonNull(etcd, "etcd");
        this.publisher = requireNonNull(publisher, "publisher");
        this.wake = requireNonNull(wake, "wake");
        this.upDeadline = requireNonNull(upDeadline, "upDeadline");
        this.watcher = new PrefixWatcher(vertx, etcd, Keys.WAKE, new PrefixWatcher.Listener() {
            @Override
            public void onSnapshot(RangeResult snapshot) {
                snapshot.kvs().forEach(EtcdWakeWatcher.this::consider);
            }

            @Override
            public void onEvent(WatchEvent event) {
                if (event.type() == WatchEvent.Type.PUT && event.kv().version() == 1) {
                    consider(event.kv()); // a new request; later puts to it are not new requests
                }
            }
        });
    }

    public void start() {
        watcher.start();
    }

    public void close() {
        watcher.close();
    }

    /** How many wake requests this agent won and served. */
    public long served() {
        return served.get();
    }

    /** How many of those found the app asleep everywhere and woke it here. */
    public long woken() {
        return woken.get();
    }

    private void consider(KeyValue request) {
        Optional<String> app = Keys.parseWake(request.key());
        if (app.isEmpty()) {
            return;
        }
        publisher.runs(app.get()).onSuccess(runs -> {
            if (runs) {
                claim(app.get(), request);
            }
        });
    }

    private void claim(String app, KeyValue request) {
        String claim = Keys.wakeClaim(app, request.createRevision());
        etcd.createIfAbsent(claim, publisher.agentId(), publisher.leaseId()).onComplete(result -> {
            if (result.failed()) {
                LOG.warn("could not claim the wake request of app {}: {}", app, GatewayErrors.describe(result.cause()));
            } else if (result.result().created()) {
                serve(app, request, claim);
            }
        });
    }

    private void serve(String app, KeyValue request, String claim) {
        served.incrementAndGet();
        upAnywhere(app)
                .compose(up -> up ? Future.succeededFuture() : wakeHere(app, request))
                // the up state is in etcd before the request goes, so a later request sees the app up
                .compose(up -> publisher.flushed())
                .compose(flushed -> deleteIfSame(request))
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.warn("wake of app {} not finished: {}", app, GatewayErrors.describe(done.cause()));
                    }
                    etcd.delete(claim);
                });
    }

    private Future<Void> wakeHere(String app, KeyValue request) {
        woken.incrementAndGet();
        LOG.info("waking app {} for {}", app, request.value());
        return Future.fromCompletionStage(wake.apply(app))
                .compose(started -> publisher.webUp(app).timeout(upDeadline.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Whether a web dyno of {@code app} is up on any agent (a request made just after a wake). */
    private Future<Boolean> upAnywhere(String app) {
        return etcd.rangePrefix(Keys.dynosOf(app)).map(range -> range.kvs().stream().anyMatch(kv -> {
            try {
                return Keys.parseDyno(kv.key()).map(k -> k.dyno().startsWith("web.")).orElse(false)
                        && DynoEntry.parse(kv.key(), kv.value()).isUp();
            } catch (IllegalArgumentException unreadable) {
                return false;
            }
        }));
    }

    /** Deletes the request this agent served, not a newer one made after it. */
    private Future<Void> deleteIfSame(KeyValue request) {
        return etcd.get(request.key()).compose(now -> {
            if (now.isPresent() && now.get().createRevision() == request.createRevision()) {
                return etcd.delete(request.key()).mapEmpty();
            }
            return Future.succeededFuture();
        });
    }
}
