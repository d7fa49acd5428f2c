package io.dynod.supervisor.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cluster.Await;
import io.dynod.cluster.EtcdClientOptions;
import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.SingleEtcd;
import io.dynod.router.etcd.EtcdTrafficReporter;
import io.dynod.supervisor.dyno.AppTraffic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A router's traffic reports reach an agent's {@link AppTraffic} through a real etcd. */
class EtcdTrafficIT {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanup.forEach(Runnable::run);
        Await.result(single.client.deletePrefix(Keys.ROOT));
    }

    private EtcdHttpClient client() {
        EtcdHttpClient client = new EtcdHttpClient(single.vertx, EtcdClientOptions.parse(single.process.clientUrl())
                .withRequestTimeout(Duration.ofSeconds(1)).withWatchProbe(Duration.ofMillis(300)));
        cleanup.add(client::close);
        return client;
    }

    private AppTraffic agent(List<String> localApps) {
        AppTraffic traffic = new AppTraffic(InstantSource.system());
        EtcdTrafficWatcher watcher = new EtcdTrafficWatcher(single.vertx, client(), traffic, () -> localApps);
        watcher.start();
        cleanup.add(watcher::close);
        return traffic;
    }

    private EtcdTrafficReporter router(String id) {
        EtcdTrafficReporter reporter = new EtcdTrafficReporter(single.vertx, client(), id, Duration.ofSeconds(2)).start();
        cleanup.add(reporter::close);
        return reporter;
    }

    /** Whether {@code app} had traffic since {@code traffic} began (an app without any reads as that start). */
    private static boolean heard(AppTraffic traffic, String app) {
        return traffic.lastActivity(app).isAfter(traffic.lastActivity("never-reported"));
    }

    @Test
    void eachReportIsTrafficNowAtEveryAgentAndMarksGoWithTheRoutersLease() {
        EtcdTrafficReporter routerA = router("router-a");
        EtcdTrafficReporter routerB = router("router-b");
        AppTraffic one = agent(List.of("hello"));
        AppTraffic two = agent(List.of("hello"));
        Await.until(DEADLINE, "the routers hold their leases and a report gets through", () -> {
            routerA.active(Set.of("hello"));
            return heard(one, "hello") && heard(two, "hello");
        });
        Instant first = one.lastActivity("hello");
        routerB.active(Set.of("hello", "other"));
        Await.until(DEADLINE, "a later report from another router moves the mark",
                () -> one.lastActivity("hello").isAfter(first) && heard(one, "other"));
        List<KeyValue> marks = Await.result(single.client.rangePrefix(Keys.TRAFFIC)).kvs();
        assertThat(marks).extracting(KeyValue::key).containsExactlyInAnyOrder(Keys.traffic("hello", "router-a"),
                Keys.traffic("hello", "router-b"), Keys.traffic("other", "router-b"));
        assertThat(marks).allMatch(kv -> kv.lease() != 0);

        AppTraffic late = agent(List.of("hello"));
        Await.until(DEADLINE, "a third agent's watch runs", () -> {
            routerA.active(Set.of("third-app"));
            return heard(late, "third-app");
        });
        assertThat(heard(late, "hello")).as("a mark standing from before the agent started is not traffic").isFalse();

        routerB.close(); // its lease is revoked: its marks go
        Await.until(DEADLINE, "router b's marks are gone", () -> Await.result(single.client.rangePrefix(Keys.TRAFFIC))
                .kvs().stream().noneMatch(kv -> kv.key().endsWith("/router-b")));
    }

    @Test
    void whileEtcdIsAwayEveryAppOfTheAgentCountsAsActive() {
        AppTraffic traffic = agent(List.of("quiet"));
        EtcdTrafficReporter router = router("router-a");
        Await.until(DEADLINE, "the agent's watch runs", () -> {
            router.active(Set.of("probe"));
            return heard(traffic, "probe");
        });
        assertThat(heard(traffic, "quiet")).as("no traffic while etcd is there and nobody reports it").isFalse();
        single.process.stop();
        try {
            Await.until(DEADLINE, "the outage counts as traffic", () -> heard(traffic, "quiet"));
            Instant seen = traffic.lastActivity("quiet");
            Await.until(DEADLINE, "and keeps counting while it lasts", () -> traffic.lastActivity("quiet").isAfter(seen));
        } finally {
            single.process.restart();
        }
    }
}
