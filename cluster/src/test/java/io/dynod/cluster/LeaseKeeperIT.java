package io.dynod.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseKeeperIT {

    private static final Duration TTL = Duration.ofSeconds(2);
    /** etcd checks expiry every 500 ms and a keep-alive may have landed just before the stop. */
    private static final Duration EXPIRY_DEADLINE = TTL.plusMillis(1500);

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    private Vertx agentVertx;
    private EtcdHttpClient agentClient;
    private final List<Long> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startAgent() {
        agentVertx = Vertx.vertx();
        agentClient = new EtcdHttpClient(agentVertx, EtcdClientOptions.parse(single.process.clientUrl())
                .withRequestTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stopAgent() {
        agentClient.close();
        Await.result(agentVertx.close());
    }

    /** Stands for an agent: puts its dyno key under the lease, as a re-publish would. */
    private LeaseKeeper keeper(String dyno) {
        return new LeaseKeeper(agentVertx, agentClient, TTL, leaseId -> {
            Future<Long> put = agentClient.put(Keys.dyno("app", dyno), new JsonObject().put("port", 5000).encode(), leaseId);
            return put.onSuccess(revision -> published.add(leaseId));
        });
    }

    private KeyValue key(String dyno) {
        return Await.result(single.client.get(Keys.dyno("app", dyno))).orElse(null);
    }

    @Test
    void keepsKeysPastTheTtlThenTheyExpireWithinATtlOfTheAgentDying() {
        LeaseKeeper keeper = keeper("web.1");
        long lease = Await.result(keeper.start());
        assertThat(key("web.1").lease()).isEqualTo(lease);

        // Four refreshes at TTL/3 take longer than the TTL itself.
        Await.until(Duration.ofSeconds(10), "four keep-alives", () -> keeper.keepAlivesSucceeded() >= 4);
        assertThat(key("web.1")).as("key after more than one TTL of keep-alives").isNotNull();

        // The agent dies without revoking: its Vert.x (timers, connections) is gone at once.
        Await.result(agentVertx.close());
        Await.until(EXPIRY_DEADLINE, "the dead agent's key is gone", () -> key("web.1") == null);
        assertThat(published).containsExactly(lease);
    }

    @Test
    void closeRevokesTheLeaseAndItsKeysAtOnce() {
        LeaseKeeper keeper = keeper("web.2");
        long lease = Await.result(keeper.start());
        assertThat(key("web.2")).isNotNull();

        Await.result(keeper.close());

        assertThat(key("web.2")).isNull();
        assertThat(Await.result(single.client.keepAlive(lease))).isZero();
        assertThat(keeper.leaseId()).isZero();
    }

    @Test
    void grantsANewLeaseAndPublishesAgainWhenTheLeaseIsGone() {
        LeaseKeeper keeper = keeper("web.3");
        long first = Await.result(keeper.start());

        // What an agent cut off from etcd for longer than the TTL finds when it is back.
        Await.result(single.client.revokeLease(first));
        assertThat(key("web.3")).isNull();

        Await.until(Duration.ofSeconds(5), "a second publish", () -> published.size() == 2);
        long second = published.get(1);
        assertThat(second).isNotEqualTo(first).isEqualTo(keeper.leaseId());
        assertThat(keeper.leasesGranted()).isEqualTo(2);
        assertThat(key("web.3").lease()).isEqualTo(second);
        Await.result(keeper.close());
    }

    @Test
    void survivesAnEtcdOutageLongerThanTheTtl() {
        LeaseKeeper keeper = keeper("web.4");
        Await.result(keeper.start());

        single.process.stop();
        long stopped = System.nanoTime();
        Await.until(Duration.ofSeconds(5), "the keeper notices the outage", () -> keeper.failingSince().isPresent());
        Await.until(TTL.multipliedBy(3), "the outage lasts longer than the TTL",
                () -> Duration.ofNanos(System.nanoTime() - stopped).compareTo(TTL.plusSeconds(1)) > 0);
        single.process.restart();

        Await.until(Duration.ofSeconds(10), "the keeper works again", () -> keeper.failingSince().isEmpty());
        long refreshed = keeper.keepAlivesSucceeded();
        Await.until(Duration.ofSeconds(10), "four more keep-alives (over one TTL)",
                () -> keeper.keepAlivesSucceeded() >= refreshed + 4);
        // etcd re-arms leases when it restarts, so the lease may have survived; if it did not, the
        // keeper granted a new one and published again. Either way the key is there, on the live lease.
        KeyValue key = key("web.4");
        assertThat(key).as("dyno key after the outage").isNotNull();
        assertThat(key.lease()).isEqualTo(keeper.leaseId());
        assertThat(published).last().isEqualTo(keeper.leaseId());
        Await.result(keeper.close());
    }

    @Test
    void publishesAgainAfterTheRestartWhenTheRestartedEtcdExpiredTheLease() {
        // The agent's own path to etcd stays broken a while after etcd is back, so the restarted
        // etcd expires the lease (it re-arms leases for one TTL when it starts).
        CuttableProxy path = CuttableProxy.to(single.vertx, single.process);
        agentClient.close();
        agentClient = new EtcdHttpClient(agentVertx, EtcdClientOptions.parse(path.url())
                .withRequestTimeout(Duration.ofSeconds(1)));
        try {
            LeaseKeeper keeper = keeper("web.5");
            long first = Await.result(keeper.start());

            path.cut();
            single.process.stop();
            Await.until(Duration.ofSeconds(5), "the keeper notices the outage", () -> keeper.failingSince().isPresent());
            single.process.restart();
            Await.until(Duration.ofSeconds(10), "the restarted etcd expires the lease", () -> key("web.5") == null);
            path.restore();

            Await.until(Duration.ofSeconds(10), "a second publish", () -> published.size() == 2);
            assertThat(published.get(1)).isNotEqualTo(first).isEqualTo(keeper.leaseId());
            assertThat(key("web.5").lease()).isEqualTo(published.get(1));
            Await.result(keeper.close());
        } finally {
            path.close();
        }
    }
}
