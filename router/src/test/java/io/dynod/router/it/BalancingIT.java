package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.Await;
import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.LogCapture;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import io.dynod.router.support.UnusedPort;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** P2C balancing, retry on connect failure only, and quarantine, against real loopback dynos. */
class BalancingIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();
    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(0, c);
        return c;
    }

    @Test
    void loadIsSpreadOverEveryDyno() throws Exception {
        RouterFixture fixture = track(RouterFixture.start());
        TestDyno a = track(TestDyno.start(TestDyno.ok("a")));
        TestDyno b = track(TestDyno.start(TestDyno.ok("b")));
        TestDyno c = track(TestDyno.start(TestDyno.ok("c")));
        fixture.app("app", a.port(), b.port(), c.port());
        for (int i = 0; i < 90; i++) {
            assertThat(fixture.get("app.test", "/").statusCode()).isEqualTo(200);
        }
        // Sequential requests all see zero in flight, so P2C degrades to a uniform random choice.
        assertThat(List.of(a.requests(), b.requests(), c.requests())).allSatisfy(n -> assertThat(n).isGreaterThan(10));
    }

    @Test
    void p2cSendsMostRequestsAwayFromASlowDyno() throws Exception {
        RouterFixture fixture = track(RouterFixture.start());
        TestDyno fast = track(TestDyno.start(TestDyno.ok("fast")));
        TestDyno slow = track(TestDyno.start(TestDyno.delayed(150, "slow")));
        fixture.app("app", fast.port(), slow.port());
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            all.add(CompletableFuture.supplyAsync(() -> {
                HttpResponse<String> last = null;
                for (int i = 0; i < 25; i++) {
                    try {
                        last = fixture.get("app.test", "/");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return last;
            }));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        int total = fast.requests() + slow.requests();
        assertThat(total).isEqualTo(200);
        // Random choice would send about half to the slow dyno; P2C sends it only what arrives while
        // it is no busier than the fast one.
        assertThat(slow.requests()).as("requests to the slow dyno").isLessThan(total / 5);
    }

    @Test
    void refusedConnectionIsRetriedOnAnotherDynoAndTheDynoIsQuarantined() throws Exception {
        RouterFixture fixture = track(new RouterFixture(RouterFixture.testConfig()
                .quarantine(Duration.ofMillis(400)).build()));
        TestDyno live = track(TestDyno.start(TestDyno.ok("live")));
        int dead = UnusedPort.find();
        fixture.app("app", dead, live.port());

        // Until the dead dyno has been picked once, each request has an even chance to try it.
        Await.until("a connect failure", Duration.ofSeconds(10), () -> {
            assertThat(send(fixture)).isEqualTo(200);
            return fixture.router.metrics().connectFailures() == 1;
        });
        // Quarantined: for the next requests it is skipped, so no new connect failure.
        long quarantineStart = System.nanoTime();
        int served = 0;
        while (System.nanoTime() - quarantineStart < Duration.ofMillis(250).toNanos()) {
            assertThat(send(fixture)).isEqualTo(200);
            served++;
        }
        assertThat(served).isGreaterThan(5);
        assertThat(fixture.router.metrics().connectFailures()).isEqualTo(1);
        // After the quarantine it is tried again (and fails again), and the client never notices.
        Await.until("a second connect failure after the quarantine", Duration.ofSeconds(10), () -> {
            assertThat(send(fixture)).isEqualTo(200);
            return fixture.router.metrics().connectFailures() == 2;
        });
        assertThat(log.withCode("H21")).isEmpty();
    }

    @Test
    void onlyDeadDynosEndsInH21AfterTryingEach() throws Exception {
        RouterFixture fixture = track(RouterFixture.start());
        fixture.app("app", UnusedPort.find(), UnusedPort.find());
        HttpResponse<String> r = fixture.get("app.test", "/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(fixture.router.metrics().connectFailures()).isEqualTo(2);
        assertThat(log.withCode("H21")).hasSize(1);
        // Both are now quarantined: the next request finds no dyno to try.
        assertThat(fixture.get("app.test", "/").statusCode()).isEqualTo(503);
        assertThat(log.withCode("H99")).hasSize(1);
    }

    @Test
    void noRetryOnceTheRequestReachedADyno() throws Exception {
        RouterFixture fixture = track(RouterFixture.start());
        TestDyno hangsUp = track(TestDyno.start(TestDyno.hangUp()));
        TestDyno live = track(TestDyno.start(TestDyno.ok("live")));
        fixture.app("app", hangsUp.port(), live.port());
        int h13 = 0;
        for (int i = 0; i < 40; i++) {
            int status = fixture.client.send(fixture.request("app.test", "/").POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString("payload")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status == 503) {
                h13++;
            } else {
                assertThat(status).isEqualTo(200);
            }
        }
        assertThat(h13).isGreaterThan(0);
        // Every request that reached the dyno that hung up failed there: none was replayed elsewhere.
        assertThat(hangsUp.requests()).isEqualTo(h13);
        assertThat(live.requests()).isEqualTo(40 - h13);
        assertThat(log.withCode("H13")).hasSize(h13);
    }

    private static int send(RouterFixture fixture) {
        try {
            return fixture.get("app.test", "/").statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
