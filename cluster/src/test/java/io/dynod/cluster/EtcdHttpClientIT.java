package io.dynod.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdHttpClientIT {

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    @Test
    void putsReadsAndDeletesKeys() {
        long first = Await.result(single.client.put("/t/kv/a", "alpha"));
        long second = Await.result(single.client.put("/t/kv/b", "bravo ✓"));
        Await.result(single.client.put("/t/kv-other", "outside the prefix"));

        assertThat(second).isGreaterThan(first);
        KeyValue a = Await.result(single.client.get("/t/kv/a")).orElseThrow();
        assertThat(a.value()).isEqualTo("alpha");
        assertThat(a.modRevision()).isEqualTo(first);
        assertThat(a.createRevision()).isEqualTo(first);
        assertThat(a.lease()).isZero();

        long overwrite = Await.result(single.client.put("/t/kv/a", "alpha 2"));
        KeyValue a2 = Await.result(single.client.get("/t/kv/a")).orElseThrow();
        assertThat(a2.value()).isEqualTo("alpha 2");
        assertThat(a2.createRevision()).isEqualTo(first);
        assertThat(a2.modRevision()).isEqualTo(overwrite);
        assertThat(a2.version()).isEqualTo(2);

        RangeResult range = Await.result(single.client.rangePrefix("/t/kv/"));
        assertThat(range.kvs()).extracting(KeyValue::key).containsExactly("/t/kv/a", "/t/kv/b");
        assertThat(range.kvs()).extracting(KeyValue::value).containsExactly("alpha 2", "bravo ✓");
        assertThat(range.revision()).isGreaterThanOrEqualTo(overwrite);

        DeleteResult deleted = Await.result(single.client.delete("/t/kv/a"));
        assertThat(deleted.deleted()).isEqualTo(1);
        assertThat(deleted.revision()).isGreaterThan(overwrite);
        assertThat(Await.result(single.client.get("/t/kv/a"))).isEmpty();
        assertThat(Await.result(single.client.delete("/t/kv/a")).deleted()).isZero();

        assertThat(Await.result(single.client.deletePrefix("/t/kv/")).deleted()).isEqualTo(1);
        assertThat(Await.result(single.client.rangePrefix("/t/kv/")).kvs()).isEmpty();
        assertThat(Await.result(single.client.get("/t/kv-other"))).isPresent();
    }

    @Test
    void readsAPrefixPageByPageAsOneSnapshot() {
        EtcdHttpClient paging = new EtcdHttpClient(single.vertx,
                EtcdClientOptions.parse(single.process.clientUrl()).withRangePageSize(3));
        try {
            long last = 0;
            for (int i = 0; i < 10; i++) {
                last = Await.result(single.client.put("/t/pages/" + i, "v" + i));
            }
            Await.result(single.client.put("/t/pages0", "next to the prefix, not in it"));

            RangeResult range = Await.result(paging.rangePrefix("/t/pages/"));

            assertThat(range.kvs()).extracting(KeyValue::key)
                    .containsExactly("/t/pages/0", "/t/pages/1", "/t/pages/2", "/t/pages/3", "/t/pages/4",
                            "/t/pages/5", "/t/pages/6", "/t/pages/7", "/t/pages/8", "/t/pages/9");
            assertThat(range.revision()).isGreaterThan(last);
        } finally {
            paging.close();
        }
    }

    @Test
    void createIfAbsentHasExactlyOneWinnerAmongConcurrentCallers() {
        int callers = 50;
        List<Future<CreateResult>> attempts = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            attempts.add(single.client.createIfAbsent(Keys.wake("race"), "caller-" + i, 0));
        }
        List<CreateResult> results = new ArrayList<>();
        attempts.forEach(attempt -> results.add(Await.result(attempt)));

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            if (results.get(i).created()) {
                winners.add(i);
            }
        }
        assertThat(winners).hasSize(1);
        String winner = "caller-" + winners.get(0);
        assertThat(Await.result(single.client.get(Keys.wake("race"))).orElseThrow().value()).isEqualTo(winner);
        results.stream().filter(result -> !result.created())
                .forEach(lost -> assertThat(lost.existing().orElseThrow().value()).isEqualTo(winner));
        Await.result(single.client.delete(Keys.wake("race")));
    }

    @Test
    void leasedKeysGoWithTheirLease() {
        Lease lease = Await.result(single.client.grantLease(Duration.ofSeconds(30)));
        assertThat(lease.ttlSeconds()).isEqualTo(30);
        Await.result(single.client.put("/t/lease/a", "1", lease.id()));
        Await.result(single.client.put("/t/lease/b", "2", lease.id()));
        assertThat(Await.result(single.client.get("/t/lease/a")).orElseThrow().lease()).isEqualTo(lease.id());

        assertThat(Await.result(single.client.keepAlive(lease.id()))).isEqualTo(30);

        Await.result(single.client.revokeLease(lease.id()));
        assertThat(Await.result(single.client.rangePrefix("/t/lease/")).kvs()).isEmpty();
        assertThat(Await.result(single.client.keepAlive(lease.id()))).as("keep-alive of a revoked lease").isZero();
        Await.result(single.client.revokeLease(lease.id()));
    }

    @Test
    void aPutOnAnUnknownLeaseFailsWithEtcdsReason() {
        Throwable failure = Await.failure(single.client.put("/t/bad-lease", "x", 0x7eadbeefL));

        assertThat(failure).isExactlyInstanceOf(EtcdException.class)
                .hasMessageContaining("put /t/bad-lease")
                .hasMessageContaining("requested lease not found");
        assertThat(((EtcdException) failure).grpcCode()).isEqualTo(5);
    }

    @Test
    void failsOverFromAMemberThatIsDownToOneThatIsUp() throws Exception {
        String dead = "http://127.0.0.1:" + closedPort();
        EtcdHttpClient failover = new EtcdHttpClient(single.vertx, EtcdClientOptions.parse(dead + "," + single.process.clientUrl()));
        try {
            Await.result(failover.put("/t/failover", "ok"));
            assertThat(Await.result(failover.get("/t/failover")).map(KeyValue::value)).contains("ok");
        } finally {
            failover.close();
        }
    }

    @Test
    void saysWhichMembersItTriedWhenNoneAnswers() throws Exception {
        String a = "http://127.0.0.1:" + closedPort();
        String b = "http://127.0.0.1:" + closedPort();
        EtcdHttpClient unreachable = new EtcdHttpClient(single.vertx, EtcdClientOptions.parse(a + "," + b));
        try {
            Throwable failure = Await.failure(unreachable.get("/t/x"));

            assertThat(failure).isInstanceOf(EtcdUnavailableException.class)
                    .hasMessageContaining("get /t/x").hasMessageContaining(a).hasMessageContaining(b);
        } finally {
            unreachable.close();
        }
    }

    @Test
    void namesTheProblemWhenTheServerIsNotAnEtcdGateway() {
        HttpServer server = Await.result(single.vertx.createHttpServer()
                .requestHandler(request -> request.response().setStatusCode(404).end("404 page not found"))
                .listen(0, "127.0.0.1"));
        EtcdHttpClient wrong = new EtcdHttpClient(single.vertx,
                EtcdClientOptions.parse("http://127.0.0.1:" + server.actualPort()));
        try {
            Throwable failure = Await.failure(wrong.get("/t/x"));

            assertThat(failure).isExactlyInstanceOf(EtcdException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("/v3/");
        } finally {
            wrong.close();
            Await.result(server.close());
        }
    }

    @Test
    void aClosedClientRefusesCalls() {
        EtcdHttpClient closed = new EtcdHttpClient(single.vertx, EtcdClientOptions.parse(single.process.clientUrl()));
        closed.close();

        assertThat(Await.failure(closed.get("/t/x"))).hasMessageContaining("closed");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
