package io.dynod.supervisor.etcd;

import io.dynod.cluster.CreateResult;
import io.dynod.cluster.DeleteResult;
import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Lease;
import io.dynod.cluster.RangeResult;
import io.dynod.cluster.WatchEvent;
import io.dynod.cluster.WatchHandler;
import io.dynod.cluster.WatchSubscription;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@link EtcdClient} that notes when its last prefix read completed and its last watch events
 * arrived (decoded), for {@link EtcdRoutesBench}.
 */
final class TimedEtcdClient implements EtcdClient {

    private final EtcdClient delegate;
    volatile long lastEventsAt;
    volatile long lastRangeAt;

    TimedEtcdClient(EtcdClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public WatchSubscription watch(String prefix, long startRevision, WatchHandler handler) {
        return delegate.watch(prefix, startRevision, new WatchHandler() {
            @Override
            public void onCreated(long revision) {
                handler.onCreated(revision);
            }

            @Override
            public void onEvents(List<WatchEvent> events) {
                lastEventsAt = System.nanoTime();
                handler.onEvents(events);
            }

            @Override
            public void onCompacted(long compactRevision) {
                handler.onCompacted(compactRevision);
            }

            @Override
            public void onClosed(Throwable cause) {
                handler.onClosed(cause);
            }
        });
    }

    @Override
    public Future<Long> put(String key, String value) {
        return delegate.put(key, value);
    }

    @Override
    public Future<Long> put(String key, String value, long leaseId) {
        return delegate.put(key, value, leaseId);
    }

    @Override
    public Future<Optional<KeyValue>> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Future<RangeResult> rangePrefix(String prefix) {
        return delegate.rangePrefix(prefix).onSuccess(read -> lastRangeAt = System.nanoTime());
    }

    @Override
    public Future<DeleteResult> delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public Future<DeleteResult> deletePrefix(String prefix) {
        return delegate.deletePrefix(prefix);
    }

    @Override
    public Future<CreateResult> createIfAbsent(String key, String value, long leaseId) {
        return delegate.createIfAbsent(key, value, leaseId);
    }

    @Override
    public Future<Long> compact(long revision) {
        return delegate.compact(revision);
    }

    @Override
    public Future<Lease> grantLease(Duration ttl) {
        return delegate.grantLease(ttl);
    }

    @Override
    public Future<Long> keepAlive(long leaseId) {
        return delegate.keepAlive(leaseId);
    }

    @Override
    public Future<Void> revokeLease(long leaseId) {
        return delegate.revokeLease(leaseId);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
