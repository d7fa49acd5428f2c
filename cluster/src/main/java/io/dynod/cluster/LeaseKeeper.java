package io.dynod.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds one etcd lease for the life of an agent: grants it, has the {@link Publisher} put the
 * agent's keys under it, and refreshes it every TTL/3. The loop never gives up: while etcd is
 * unreachable it keeps trying at the same pace; when etcd answers that the lease is gone (it
 * expired while this process was cut off) it grants a new lease and publishes again. A publish
 * that fails is repeated on the next tick. {@link #close()} revokes the lease, which deletes the
 * agent's keys at once.
 *
 * <p>Runs on one Vert.x context; the publisher is called there and must not block.
 */
public final class LeaseKeeper {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    /** Puts every key the owner wants under the lease; called after each (re-)grant. */
    @FunctionalInterface
    public interface Publisher {
        Future<?> publish(long leaseId);
    }

    private final Vertx vertx;
    private final Context context;
    private final EtcdClient etcd;
    private final Duration ttl;
    private final long intervalMillis;
    private final Publisher publisher;
    private final Promise<Long> firstPublished = Promise.promise();
    private final AtomicLong keepAlives = new AtomicLong();
    private final AtomicLong grants = new AtomicLong();

    private volatile long leaseId;
    private volatile Instant failingSince;
    private boolean published;
    private boolean started;
    private boolean closed;
    private long timer = -1;

    public LeaseKeeper(Vertx vertx, EtcdClient etcd, Duration ttl, Publisher publisher) {
        if (ttl.toMillis() < 1000) {
            throw new IllegalArgumentException("lease TTL must be at least 1 s, got " + ttl);
        }
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.etcd = etcd;
        this.ttl = ttl;
        this.intervalMillis = Math.max(1, ttl.toMillis() / 3);
        this.publisher = publisher;
    }

    /** Starts the loop; the future completes with the first lease once its keys are published. */
    public Future<Long> start() {
        context.runOnContext(v -> {
            if (!started && !closed) {
                started = true;
                tick();
            }
        });
        return firstPublished.future();
    }

    /** The lease to attach keys to now, or 0 while there is none (keys are then put by the next publish). */
    public long leaseId() {
        return leaseId;
    }

    public long keepAlivesSucceeded() {
        return keepAlives.get();
    }

    public long leasesGranted() {
        return grants.get();
    }

    /** Since when etcd has been failing this loop, if it is failing now. */
    public Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    /** Stops the loop and revokes the lease; completes once etcd answered or the revoke failed. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (closed) {
                done.complete();
                return;
            }
            closed = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
            firstPublished.tryFail(new IllegalStateException("lease keeper closed before the first publish"));
            long id = leaseId;
            leaseId = 0;
            if (id == 0) {
                done.complete();
                return;
            }
            etcd.revokeLease(id).onComplete(revoked -> {
                if (revoked.failed()) {
                    log.warn("could not revoke etcd lease {}; its keys go when it expires: {}", hex(id),
                            GatewayErrors.describe(revoked.cause()));
                }
                done.complete();
            });
        });
        return done.future();
    }

    private void tick() {
        timer = -1;
        if (closed) {
            return;
        }
        long began = System.nanoTime();
        step().onComplete(result -> {
            if (closed) {
                return;
            }
            if (result.succeeded()) {
                recovered();
            } else {
                failing(result.cause());
            }
            long elapsedMillis = (System.nanoTime() - began) / 1_000_000;
            timer = vertx.setTimer(Math.max(1, intervalMillis - elapsedMillis), id -> tick());
        });
    }

    private Future<Void> step() {
        if (leaseId == 0) {
            return grantAndPublish();
        }
        if (!published) {
            return publish();
        }
        long id = leaseId;
        return etcd.keepAlive(id).compose(remaining -> {
            if (remaining > 0) {
                keepAlives.incrementAndGet();
                return Future.succeededFuture();
            }
            log.warn("etcd lease {} is gone (it expired while etcd was out of reach); granting a new one", hex(id));
            leaseId = 0;
            return grantAndPublish();
        });
    }

    private Future<Void> grantAndPublish() {
        return etcd.grantLease(ttl).compose(lease -> {
            if (closed) {
                etcd.revokeLease(lease.id());
                return Future.failedFuture(new IllegalStateException("lease keeper closed"));
            }
            leaseId = lease.id();
            published = false;
            grants.incrementAndGet();
            log.info("etcd lease {} granted (TTL {} s)", hex(lease.id()), lease.ttlSeconds());
            return publish();
        });
    }

    private Future<Void> publish() {
        long id = leaseId;
        Future<?> publishing;
        try {
            publishing = publisher.publish(id);
        } catch (RuntimeException e) {
            publishing = Future.failedFuture(e);
        }
        if (publishing == null) {
            publishing = Future.failedFuture(new IllegalStateException("lease publisher returned no future"));
        }
        return publishing.map(ignored -> {
            if (leaseId == id && !closed) {
                published = true;
                firstPublished.tryComplete(id);
            }
            return null;
        });
    }

    private void failing(Throwable cause) {
        if (failingSince == null) {
            failingSince = Instant.now();
            log.warn("etcd lease upkeep failing, will keep trying every {} ms: {}", intervalMillis,
                    GatewayErrors.describe(cause));
        } else {
            log.debug("etcd lease upkeep still failing: {}", GatewayErrors.describe(cause));
        }
    }

    private void recovered() {
        Instant since = failingSince;
        if (since != null) {
            failingSince = null;
            log.info("etcd lease upkeep working again after {} ms", Duration.between(since, Instant.now()).toMillis());
        }
    }

    private static String hex(long id) {
        return Long.toHexString(id);
    }
}
