package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.config.RouterConfig;
import io.dynod.router.support.Await;
import io.dynod.router.support.LogCapture;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.TrafficListener;
import io.dynod.router.table.Waker;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cold-start hold over real loopback sockets: a test {@link Waker} plays the agent (it counts
 * wakes and, when told to, starts a dyno and publishes it up through the route source), and a test
 * {@link TrafficListener} records the traffic reports.
 */
class ColdStartIT {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final AtomicInteger wakes = new AtomicInteger();
    private final List<Set<String>> reports = new CopyOnWriteArrayList<>();
    private final List<TestDyno> dynos = new CopyOnWriteArrayList<>();
    private RouterFixture fixture;

    /** What the test waker does on each wake. */
    private volatile Waker onWake = app -> CompletableFuture.completedFuture(Waker.Outcome.BOOTING);

    private void start() throws Exception {
        start(RouterFixture.testConfig().holdTimeout(Duration.ofSeconds(20)));
    }

    private void start(RouterConfig.Builder config) throws Exception {
        fixture = new RouterFixture(config.build(), app -> {
            wakes.incrementAndGet();
            return onWake.wake(app);
        }, reports::add);
    }

    /** The app asleep: a web dyno in the formation, none up. */
    private void sleeping(String app, boolean wakingPage) {
        fixture.app(new AppRoute(app, List.of(), List.of(new Endpoint("web.1", "127.0.0.1", 1, false)), wakingPage));
    }

    /** What the agent does when a dyno boots: the route table shows it up. */
    private void bootsAfter(String app, CompletableFuture<Void> go, boolean wakingPage) {
        onWake = name -> {
            go.thenRunAsync(() -> {
                try {
                    TestDyno dyno = TestDyno.start(TestDyno.countBody());
                    dynos.add(dyno);
                    fixture.app(new AppRoute(app, List.of(), List.of(Endpoint.up("web.1", "127.0.0.1", dyno.port())),
                            wakingPage));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return CompletableFuture.completedFuture(Waker.Outcome.BOOTING);
        };
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        for (TestDyno d : dynos) {
            d.close();
        }
    }

    @Test
    void fiveHundredConcurrentRequestsToASleepingAppShareOneWakeAndAllGetTheirAnswer() throws Exception {
        start();
        sleeping("app", false);
        CompletableFuture<Void> boot = new CompletableFuture<>();
        bootsAfter("app", boot, false);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String body = "x".repeat(i);
            responses.add(fixture.client.sendAsync(fixture.request("app.test", "/r" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Await.until("500 requests held", Duration.ofSeconds(30), () -> fixture.router.held("app") == 500);
        assertThat(wakes.get()).isEqualTo(1);
        boot.complete(null);
        for (int i = 0; i < 500; i++) {
            HttpResponse<String> r = responses.get(i).get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Integer.toString(i)); // its own body, whole
            assertThat(r.headers().firstValue("Dynod-Cold-Start")).isPresent();
        }
        assertThat(wakes.get()).isEqualTo(1);
        assertThat(dynos).hasSize(1);
        assertThat(dynos.get(0).requests()).isEqualTo(500);
        assertThat(fixture.router.held("app")).isZero();
        assertThat(fixture.router.metrics().wakes("app")).isEqualTo(1);
        assertThat(fixture.router.metrics().snapshot()).contains("dynod_router_wake_duration_seconds{app=\"app\",");

        // now up: no hold, no header, no wake
        HttpResponse<String> warm = fixture.get("app.test", "/");
        assertThat(warm.statusCode()).isEqualTo(200);
        assertThat(warm.headers().firstValue("Dynod-Cold-Start")).isEmpty();
        assertThat(wakes.get()).isEqualTo(1);
    }

    @Test
    void aRequestHeldLongerThanTheHoldTimeoutGetsH20AndTheNextOneWakesAgain() throws Exception {
        start(RouterFixture.testConfig().holdTimeout(Duration.ofMillis(300)));
        sleeping("app", false);
        HttpResponse<String> r = fixture.get("app.test", "/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("App boot timeout");
        assertThat(log.withCode("H20")).hasSize(1);
        assertThat(fixture.router.held("app")).isZero();
        assertThat(fixture.get("app.test", "/").statusCode()).isEqualTo(503);
        assertThat(wakes.get()).isEqualTo(2);
    }

    @Test
    void theHoldIsCappedAndAnOverflowGets503WithItsOwnCode() throws Exception {
        start(RouterFixture.testConfig().holdTimeout(Duration.ofSeconds(20)).maxHeldPerApp(3));
        sleeping("app", false);
        CompletableFuture<Void> boot = new CompletableFuture<>();
        bootsAfter("app", boot, false);
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(fixture.client.sendAsync(fixture.request("app.test", "/").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Await.until("3 requests held", Duration.ofSeconds(10), () -> fixture.router.held("app") == 3);
        assertThat(fixture.router.metrics().snapshot()).contains("dynod_router_held_requests{app=\"app\"} 3");
        HttpResponse<String> overflow = fixture.get("app.test", "/");
        assertThat(overflow.statusCode()).isEqualTo(503);
        assertThat(log.withCode("D11")).hasSize(1);
        boot.complete(null);
        for (CompletableFuture<HttpResponse<String>> r : held) {
            assertThat(r.get().statusCode()).isEqualTo(200);
        }
        assertThat(wakes.get()).isEqualTo(1);
    }

    @Test
    void theHeldBytesAreCappedToo() throws Exception {
        start(RouterFixture.testConfig().holdTimeout(Duration.ofSeconds(20)).maxHeldBytesPerApp(3000));
        sleeping("app", false);
        CompletableFuture<HttpResponse<String>> first = fixture.client.sendAsync(fixture.request("app.test", "/")
                .header("X-Pad", "p".repeat(2000)).build(), HttpResponse.BodyHandlers.ofString());
        Await.until("1 request held", Duration.ofSeconds(10), () -> fixture.router.held("app") == 1);
        HttpResponse<String> overflow = fixture.client.send(fixture.request("app.test", "/")
                .header("X-Pad", "p".repeat(2000)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(overflow.statusCode()).isEqualTo(503);
        assertThat(log.withCode("D11")).hasSize(1);
        first.cancel(true);
    }

    @Test
    void anAppWithoutWebDynosGetsH14AtOnce() throws Exception {
        start();
        onWake = app -> CompletableFuture.completedFuture(Waker.Outcome.NO_WEB_DYNOS);
        fixture.app(new AppRoute("app", List.of(), List.of()));
        assertThat(fixture.get("app.test", "/").statusCode()).isEqualTo(503);
        assertThat(log.withCode("H14")).hasSize(1);
    }

    @Test
    void aBrowserGetsTheWakingPageOnlyWhenTheAppOptedIn() throws Exception {
        start(RouterFixture.testConfig().holdTimeout(Duration.ofSeconds(20)).wakingPageDelay(Duration.ofMillis(100)));
        sleeping("page", true);
        sleeping("nopage", false);
        CompletableFuture<Void> boot = new CompletableFuture<>();
        bootsAfter("nopage", boot, false);

        // an API client of the opted-in app, and a browser of an app that did not opt in
        CompletableFuture<HttpResponse<String>> api = fixture.client.sendAsync(fixture.request("page.test", "/")
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> otherBrowser = fixture.client.sendAsync(
                fixture.request("nopage.test", "/").header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until("both held", Duration.ofSeconds(10),
                () -> fixture.router.held("page") == 1 && fixture.router.held("nopage") == 1);

        // a browser of the opted-in app gets the page after the delay, which has then passed for both others too
        HttpResponse<String> browser = fixture.client.send(fixture.request("page.test", "/")
                .header("Accept", "text/html,application/xhtml+xml").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(503);
        assertThat(browser.body()).contains("Waking up").contains("http-equiv=\"refresh\"");
        assertThat(browser.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(log.withCode("D20")).hasSize(1);

        assertThat(api).isNotDone();
        assertThat(otherBrowser).isNotDone();
        assertThat(fixture.router.held("page")).isEqualTo(1);
        assertThat(fixture.router.held("nopage")).isEqualTo(1);
        boot.complete(null);
        assertThat(otherBrowser.get().statusCode()).isEqualTo(200);
        api.cancel(true);
    }

    @Test
    void requestsAndAnOpenEventStreamAreReportedAsTraffic() throws Exception {
        start(RouterFixture.testConfig().trafficInterval(Duration.ofMillis(50)));
        CompletableFuture<ChannelHandlerContext> stream = new CompletableFuture<>();
        TestDyno sse = TestDyno.start((ctx, head, bytes) -> {
            io.netty.handler.codec.http.HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
            r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
            ctx.write(r);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("data: hi\n\n", StandardCharsets.UTF_8)));
            stream.complete(ctx);
        });
        dynos.add(sse);
        TestDyno plain = TestDyno.start(TestDyno.ok("ok"));
        dynos.add(plain);
        fixture.app("streamer", sse.port());
        fixture.app("quiet", plain.port());
        assertThat(fixture.get("quiet.test", "/").statusCode()).isEqualTo(200);
        Await.until("quiet reported once", Duration.ofSeconds(5), () -> reported("quiet") >= 1);

        HttpResponse<InputStream> open = fixture.client.send(fixture.request("streamer.test", "/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(open.statusCode()).isEqualTo(200);
        stream.get();
        int before = reported("streamer");
        int quietBefore = reported("quiet");
        // the stream stays open with no new request: reported interval after interval
        Await.until("streamer reported in 5 more intervals", Duration.ofSeconds(10),
                () -> reported("streamer") >= before + 5);
        assertThat(reported("quiet")).isEqualTo(quietBefore);
        open.body().close();
    }

    private int reported(String app) {
        return (int) reports.stream().filter(r -> r.contains(app)).count();
    }
}
