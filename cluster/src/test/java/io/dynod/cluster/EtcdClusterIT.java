package io.dynod.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against a real 3-member etcd cluster on 127.0.0.1, with members stopped under it. */
class EtcdClusterIT {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private static EtcdCluster cluster;
    private static Vertx vertx;

    private final List<EtcdHttpClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = EtcdCluster.start(3);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        if (vertx != null) {
            Await.result(vertx.close());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void restartStoppedMembers() {
        clients.forEach(EtcdHttpClient::close);
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.member(i).isRunning()) {
                cluster.member(i).restart();
            }
        }
    }

    private EtcdHttpClient client(int... members) {
        EtcdHttpClient client = new EtcdHttpClient(vertx, EtcdClientOptions.parse(cluster.urls(members))
                .withRequestTimeout(Duration.ofSeconds(2)));
        clients.add(client);
        return client;
    }

    /** The other members, for a client that must not depend on {@code member}. */
    private static int[] allBut(int member) {
        return IntStream.range(0, cluster.size()).filter(i -> i != member).toArray();
    }

    /** Every member, {@code first} first. */
    private static int[] startingWith(int first) {
        return IntStream.concat(IntStream.of(first), IntStream.of(allBut(first))).toArray();
    }

    @Test
    void failsOverAtOnceWhenTheMemberItUsesStops() {
        int follower = cluster.follower();
        EtcdHttpClient client = client(startingWith(follower));
        Await.result(client.put("/t/failover/before", "1"));

        cluster.member(follower).stop();

        Await.result(client.put("/t/failover/after", "2"));
        assertThat(Await.result(client.rangePrefix("/t/failover/")).kvs()).extracting(KeyValue::value)
                .containsExactly("2", "1");
        assertThat(Await.result(client.createIfAbsent("/t/failover/once", "me", 0)).created()).isTrue();
        Lease lease = Await.result(client.grantLease(Duration.ofSeconds(5)));
        assertThat(Await.result(client.keepAlive(lease.id()))).isPositive();
    }

    @Test
    void recoversByItselfWhenTheLeaderStops() {
        int leader = cluster.leader();
        EtcdHttpClient client = client(startingWith(leader));
        Await.result(client.put("/t/leader/before", "1"));

        cluster.member(leader).stop();

        // The two members left elect a new leader; the same client gets through once they have.
        Await.until(DEADLINE, "a put succeeds after the election", () -> client.put("/t/leader/after", "2")
                .map(revision -> true).otherwise(false).toCompletionStage().toCompletableFuture().join());
        assertThat(Await.result(client.get("/t/leader/after")).map(KeyValue::value)).contains("2");
    }

    @Test
    void aWatcherWhoseMemberIsDownReplaysEveryChangeMadeMeanwhile() {
        int watched = cluster.follower();
        EtcdHttpClient writer = client(allBut(watched));
        RecordingListener listener = new RecordingListener();
        PrefixWatcher watcher = new PrefixWatcher(vertx, client(watched), "/t/replay/", listener,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)));
        watcher.start();
        try {
            Await.until(DEADLINE, "the first snapshot", () -> listener.snapshots.size() == 1);
            List<Long> acked = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acked.add(Await.result(writer.put("/t/replay/before-" + i, "x")));
            }
            Await.until(DEADLINE, "5 events", () -> listener.events.size() == 5);

            cluster.member(watched).stop();
            Await.until(DEADLINE, "the watcher reports etcd as stale", () -> watcher.staleSince().isPresent());
            for (int i = 0; i < 5; i++) {
                acked.add(Await.result(writer.put("/t/replay/during-" + i, "y")));
            }
            acked.add(Await.result(writer.delete("/t/replay/before-0")).revision());
            cluster.member(watched).restart();

            Await.until(DEADLINE, "11 events", () -> listener.events.size() >= 11);
            assertThat(listener.eventRevisions()).isEqualTo(acked);
            assertThat(listener.snapshots).hasSize(1);
            assertThat(listener.table).hasSize(9).doesNotContainKey("/t/replay/before-0");
        } finally {
            watcher.close();
        }
    }

    @Test
    void aKeeperCutOffLongerThanTheTtlGetsANewLeaseAndPublishesAgain() {
        int cutOff = cluster.follower();
        EtcdHttpClient observer = client(allBut(cutOff));
        EtcdHttpClient agent = client(cutOff);
        List<Long> published = new CopyOnWriteArrayList<>();
        LeaseKeeper keeper = new LeaseKeeper(vertx, agent, Duration.ofSeconds(2), leaseId ->
                agent.put(Keys.dyno("app", "web.1"), new JsonObject().encode(), leaseId).onSuccess(revision -> published.add(leaseId)));
        long first = Await.result(keeper.start());
        try {
            cluster.member(cutOff).stop();
            // The rest of the cluster runs on and lets the lease expire.
            Await.until(DEADLINE, "the cut-off agent's key expires",
                    () -> Await.result(observer.get(Keys.dyno("app", "web.1"))).isEmpty());
            cluster.member(cutOff).restart();

            Await.until(DEADLINE, "a second publish", () -> published.size() == 2);
            KeyValue key = Await.result(observer.get(Keys.dyno("app", "web.1"))).orElseThrow();
            assertThat(key.lease()).isEqualTo(published.get(1)).isNotEqualTo(first);
        } finally {
            Await.result(keeper.close());
        }
    }
}
