package io.dynod.cluster;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Optional;

/**
 * The part of etcd v3 that dynod uses: keys, a create-if-absent transaction, leases and prefix
 * watches. Keys and values are UTF-8 text. Failures are {@link EtcdException}s; when no member
 * could serve a call it fails with {@link EtcdUnavailableException}.
 *
 * <p>Calls made on a Vert.x context complete on that context.
 */
public interface EtcdClient extends AutoCloseable {

    /** Writes the key (no lease); completes with the store revision of the write. */
    Future<Long> put(String key, String value);

    /** Writes the key attached to {@code leaseId} (0 = no lease); completes with the revision of the write. */
    Future<Long> put(String key, String value, long leaseId);

    Future<Optional<KeyValue>> get(String key);

    /** Every key starting with {@code prefix}, read as one consistent snapshot. */
    Future<RangeResult> rangePrefix(String prefix);

    Future<DeleteResult> delete(String key);

    Future<DeleteResult> deletePrefix(String prefix);

    /**
     * Creates the key only if it does not exist (transaction on {@code create_revision == 0}):
     * among concurrent callers exactly one gets {@code created}. This call is never retried on
     * another member once sent, because a lost answer leaves the outcome unknown; a caller that
     * gets {@link EtcdUnavailableException} should read the key back and compare the value, so
     * values should name their writer.
     */
    Future<CreateResult> createIfAbsent(String key, String value, long leaseId);

    /** Discards history before {@code revision}; watches from older revisions then fail as compacted. */
    Future<Long> compact(long revision);

    /** Grants a lease; etcd rounds the TTL up to whole seconds (and to its own minimum). */
    Future<Lease> grantLease(Duration ttl);

    /** Refreshes the lease once; completes with its remaining TTL in seconds, 0 when the lease is gone. */
    Future<Long> keepAlive(long leaseId);

    /** Revokes the lease, deleting its keys; a lease that is already gone counts as revoked. */
    Future<Void> revokeLease(long leaseId);

    /**
     * Opens one watch stream on every key starting with {@code prefix}, from {@code startRevision},
     * with previous values. The stream ends on the first failure; resuming is the caller's job
     * (see {@link PrefixWatcher}).
     */
    WatchSubscription watch(String prefix, long startRevision, WatchHandler handler);

    @Override
    void close();
}
