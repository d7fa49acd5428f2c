package io.dynod.cluster;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixWatcherIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void noCleanupYet() {
        cleanup.clear();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private PrefixWatcher watch(String url, String prefix) {
        EtcdHttpClient client = new EtcdHttpClient(single.vertx, EtcdClientOptions.parse(url)
                .withRequestTimeout(Duration.ofSeconds(1)).withWatchProbe(Duration.ofMillis(300)));
        PrefixWatcher watcher = new PrefixWatcher(single.vertx, client, prefix, listener,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)));
        cleanup.add(client);
        cleanup.add(watcher::close);
        watcher.start();
        Await.until(DEADLINE, "the first snapshot", () -> listener.snapshots.size() == 1);
        return watcher;
    }

    /** Puts {@code count} keys under {@code prefix}; returns the revision of each write. */
    private List<Long> putMany(String prefix, String tag, int count) {
        List<Long> revisions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            revisions.add(Await.result(single.client.put(prefix + tag + "-" + i, tag + " " + i)));
        }
        return revisions;
    }

    private void awaitEvents(int count) {
        Await.until(DEADLINE, count + " events (have " + listener.events.size() + ")",
                () -> listener.events.size() >= count);
    }

    private Map<String, String> etcdTruth(String prefix) {
        Map<String, String> truth = new HashMap<>();
        Await.result(single.client.rangePrefix(prefix)).kvs().forEach(kv -> truth.put(kv.key(), kv.value()));
        return truth;
    }

    @Test
    void deliversASnapshotThenEveryChangeInOrder() {
        String prefix = "/t/order/";
        Await.result(single.client.put(prefix + "a", "1"));
        Await.result(single.client.put(prefix + "b", "2"));
        PrefixWatcher watcher = watch(single.process.clientUrl(), prefix);
        assertThat(listener.snapshots.get(0).kvs()).extracting(KeyValue::key).containsExactly(prefix + "a", prefix + "b");

        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            acked.add(Await.result(single.client.put(prefix + "k" + (i % 7), "v" + i)));
            if (i % 5 == 4) {
                acked.add(Await.result(single.client.delete(prefix + "k" + (i % 7))).revision());
            }
        }
        Await.result(single.client.put("/t/order-not-watched", "x"));
        long lastOfPrefix = Await.result(single.client.delete(prefix + "a")).revision();
        acked.add(lastOfPrefix);

        awaitEvents(acked.size());
        assertThat(listener.eventRevisions()).isEqualTo(acked);
        assertThat(listener.orderViolations).isEmpty();
        assertThat(listener.table).isEqualTo(etcdTruth(prefix));
        assertThat(watcher.lastRevision()).isEqualTo(lastOfPrefix);

        // i = 7 overwrote k0 (first written at i = 0); the event carries the value it replaced.
        WatchEvent overwrite = listener.events.stream().filter(e -> e.kv().value().equals("v7")).findFirst().orElseThrow();
        assertThat(overwrite.type()).isEqualTo(WatchEvent.Type.PUT);
        assertThat(overwrite.key()).isEqualTo(prefix + "k0");
        assertThat(overwrite.previous().map(KeyValue::value)).contains("v0");
        WatchEvent delete = listener.events.get(listener.events.size() - 1);
        assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(delete.previous().map(KeyValue::value)).contains("1");
        assertThat(listener.stale).isEmpty();
    }

    @Test
    void resumesAfterEtcdRestartsWithoutMissingOrRepeatingAChange() {
        String prefix = "/t/restart/";
        PrefixWatcher watcher = watch(single.process.clientUrl(), prefix);
        List<Long> acked = new ArrayList<>(putMany(prefix, "before", 10));
        awaitEvents(10);

        single.process.stop();
        Await.until(DEADLINE, "the watcher reports etcd as stale", () -> watcher.staleSince().isPresent());
        assertThat(listener.table).as("state kept while etcd is down").hasSize(10);
        single.process.restart();
        acked.addAll(putMany(prefix, "after", 10));

        awaitEvents(20);
        Await.until(DEADLINE, "the watcher is live again", () -> watcher.staleSince().isEmpty());
        assertThat(listener.eventRevisions()).isEqualTo(acked);
        assertThat(listener.orderViolations).isEmpty();
        assertThat(listener.stale).hasSize(1);
        assertThat(listener.live.get()).isEqualTo(1);
        assertThat(listener.snapshots).as("a resume replays events, it does not re-read").hasSize(1);
        assertThat(listener.table).isEqualTo(etcdTruth(prefix));
    }

    /** A watcher reaching etcd through a proxy, after {@code before} changes it has seen. */
    private record Proxied(CuttableProxy proxy, PrefixWatcher watcher, List<Long> acked) {
    }

    private Proxied watchThroughProxy(String prefix, int before) {
        CuttableProxy proxy = CuttableProxy.to(single.vertx, single.process);
        cleanup.add(proxy);
        PrefixWatcher watcher = watch(proxy.url(), prefix);
        List<Long> acked = new ArrayList<>(putMany(prefix, "before", before));
        awaitEvents(before);
        return new Proxied(proxy, watcher, acked);
    }

    /** Closed sockets, or a partition that closes nothing (noticed only by the watch's member check). */
    enum Break { CUT, FREEZE }

    @ParameterizedTest
    @EnumSource(Break.class)
    void replaysTheChangesMadeWhileItWasCutOffFromEtcd(Break kind) {
        String prefix = "/t/partition-" + kind.name().toLowerCase() + "/";
        Proxied proxied = watchThroughProxy(prefix, 5);
        List<Long> acked = proxied.acked();

        if (kind == Break.CUT) {
            proxied.proxy().cut();
        } else {
            proxied.proxy().freeze();
        }
        Await.until(DEADLINE, "the watcher reports etcd as stale", () -> proxied.watcher().staleSince().isPresent());
        acked.addAll(putMany(prefix, "during", 5));
        acked.add(Await.result(single.client.delete(prefix + "before-0")).revision());
        assertThat(listener.events).as("nothing arrives through the broken path").hasSize(5);
        proxied.proxy().restore();

        awaitEvents(11);
        assertThat(listener.eventRevisions()).isEqualTo(acked);
        assertThat(listener.snapshots).hasSize(1);
        assertThat(listener.table).isEqualTo(etcdTruth(prefix));
        Await.until(DEADLINE, "the watcher is live again", () -> proxied.watcher().staleSince().isEmpty());
    }

    @Test
    void readsThePrefixAgainWhenTheRevisionToResumeFromWasCompacted() {
        String prefix = "/t/compacted/";
        CuttableProxy proxy = watchThroughProxy(prefix, 5).proxy();

        proxy.cut();
        Await.until(DEADLINE, "the watcher reports etcd as stale", () -> !listener.stale.isEmpty());
        putMany(prefix, "during", 3);
        long compactedTo = Await.result(single.client.delete(prefix + "before-1")).revision();
        Await.result(single.client.compact(compactedTo));
        proxy.restore();

        Await.until(DEADLINE, "a second snapshot", () -> listener.snapshots.size() == 2);
        assertThat(listener.snapshots.get(1).revision()).isGreaterThanOrEqualTo(compactedTo);
        assertThat(listener.table).isEqualTo(etcdTruth(prefix)).hasSize(7);
        assertThat(listener.events).as("no events from the compacted history").hasSize(5);

        long next = Await.result(single.client.put(prefix + "after", "x"));
        awaitEvents(6);
        assertThat(listener.events.get(5).revision()).isEqualTo(next);
        assertThat(listener.table).containsEntry(prefix + "after", "x");
    }
}
