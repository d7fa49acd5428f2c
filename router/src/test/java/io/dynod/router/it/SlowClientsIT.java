package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.RawClient;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slowloris defence and idle keep-alive: slow or silent clients cost a socket, not anyone's time. */
class SlowClientsIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private RouterFixture fixture;
    private TestDyno dyno;

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        dyno.close();
    }

    private void start(Duration headerRead, Duration clientIdle) throws Exception {
        fixture = new RouterFixture(RouterFixture.testConfig()
                .headerReadTimeout(headerRead).clientIdleTimeout(clientIdle).build());
        dyno = TestDyno.start(TestDyno.ok("ok"));
        fixture.app("app", dyno.port());
    }

    @Test
    void aHeadThatNeverCompletesIsCutAtTheHeaderReadDeadline() throws Exception {
        start(Duration.ofMillis(300), Duration.ofSeconds(30));
        try (RawClient raw = RawClient.connect(fixture.router.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: app.te");
            assertThat(raw.readAll(Duration.ofSeconds(5))).isEmpty();
        }
        assertThat(dyno.requests()).isZero();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofMillis(300));
        try (RawClient raw = RawClient.connect(fixture.router.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n");
            assertThat(raw.readAll(Duration.ofSeconds(5))).startsWith("HTTP/1.1 200 OK").endsWith("ok");
        }
    }

    @Test
    void aThousandHalfOpenConnectionsDoNotDelayOtherClients() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        List<RawClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                RawClient raw = RawClient.connect(fixture.router.port());
                slow.add(raw);
                raw.send(i % 2 == 0 ? "GET / HTTP/1.1\r\nHost: app." : "");
            }
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> r = fixture.client.send(fixture.request("app.test", "/")
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("ok");
            }
            assertThat(dyno.requests()).isEqualTo(50);
        } finally {
            for (RawClient raw : slow) {
                raw.close();
            }
        }
    }
}
