package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.router.support.Await;
import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.LogCapture;
import io.dynod.router.support.RawClient;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Heroku error codes a misbehaving dyno or client produces: H11, H12, H13, H15, H18, H25, H28. */
class TimeoutsIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();
    @RegisterExtension
    final LogCapture log = new LogCapture();

    private RouterFixture fixture;
    private TestDyno dyno;

    private void start(TestDyno.Behaviour behaviour) throws Exception {
        fixture = new RouterFixture(RouterFixture.testConfig()
                .firstByteTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(300))
                .inFlightPerDyno(2)
                .build());
        dyno = TestDyno.start(behaviour);
        fixture.app("app", dyno.port());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        dyno.close();
    }

    @Test
    void backlogOverTheCapIsH11() throws Exception {
        List<ChannelHandlerContext> held = new CopyOnWriteArrayList<>();
        start((ctx, head, bytes) -> held.add(ctx));
        List<CompletableFuture<HttpResponse<String>>> first = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            first.add(fixture.client.sendAsync(fixture.request("app.test", "/").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Await.until("two requests held by the dyno", Duration.ofSeconds(5), () -> held.size() == 2);
        HttpResponse<String> third = fixture.get("app.test", "/");
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("Backlog too deep");
        assertThat(log.withCode("H11")).hasSize(1);
        held.forEach(ctx -> ctx.writeAndFlush(TestDyno.text(HttpResponseStatus.OK, "late")));
        for (CompletableFuture<HttpResponse<String>> f : first) {
            assertThat(f.get().body()).isEqualTo("late");
        }
        assertThat(dyno.requests()).isEqualTo(2);
    }

    @Test
    void noFirstByteInTimeIsH12() throws Exception {
        start(TestDyno.silent());
        HttpResponse<String> r = fixture.get("app.test", "/slow");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Request timeout");
        assertThat(log.withCode("H12")).singleElement().satisfies(l -> assertThat(l)
                .contains("desc=\"Request timeout\" method=GET path=\"/slow\" host=app.test")
                .contains(" dyno=web.1 ").contains(" status=503 "));
    }

    @Test
    void dynoClosingWithoutAResponseIsH13() throws Exception {
        start(TestDyno.hangUp());
        HttpResponse<String> r = fixture.get("app.test", "/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Connection closed without response");
        assertThat(log.withCode("H13")).hasSize(1);
    }

    @Test
    void dynoGoingQuietMidResponseIsH15() throws Exception {
        start(TestDyno.partial(false));
        assertThatThrownBy(() -> fixture.get("app.test", "/")).isInstanceOf(IOException.class);
        Await.until("an H15 line", Duration.ofSeconds(5), () -> log.withCode("H15").size() == 1);
    }

    @Test
    void dynoClosingMidResponseIsH18() throws Exception {
        start(TestDyno.partial(true));
        assertThatThrownBy(() -> fixture.get("app.test", "/")).isInstanceOf(IOException.class);
        Await.until("an H18 line", Duration.ofSeconds(5), () -> log.withCode("H18").size() == 1);
        assertThat(log.withCode("H18").get(0)).contains(" sock=backend");
    }

    @Test
    void malformedResponseIs502H25() throws Exception {
        start(TestDyno.raw("HTTP/1.1 200 OK\r\nContent-Length: twelve\r\n\r\nhello"));
        HttpResponse<String> r = fixture.get("app.test", "/");
        assertThat(r.statusCode()).as(log.lines().toString()).isEqualTo(502);
        assertThat(log.withCode("H25")).hasSize(1);
    }

    @Test
    void clientStallingMidUploadIsH28() throws Exception {
        start(TestDyno.countBody());
        try (RawClient raw = RawClient.connect(fixture.router.port())) {
            raw.send("POST / HTTP/1.1\r\nHost: app.test\r\nContent-Length: 100\r\n\r\n0123456789");
            assertThat(raw.readAll(Duration.ofSeconds(5))).startsWith("HTTP/1.1 499");
        }
        assertThat(log.withCode("H28")).hasSize(1);
    }
}
