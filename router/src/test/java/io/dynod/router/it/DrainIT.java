package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.router.support.Await;
import io.dynod.router.support.LeakCheck;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A graceful stop finishes every request in flight and takes no new connections. */
class DrainIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void drainLosesNoRequestInFlight() throws Exception {
        List<ChannelHandlerContext> held = new CopyOnWriteArrayList<>();
        try (TestDyno dyno = TestDyno.start((ctx, head, bytes) -> held.add(ctx))) {
            RouterFixture fixture = RouterFixture.start();
            fixture.app("app", dyno.port());
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                inFlight.add(fixture.client.sendAsync(fixture.request("app.test", "/").build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Await.until("ten requests at the dyno", Duration.ofSeconds(10), () -> held.size() == 10);

            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                try {
                    fixture.router.drain(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // New connections are refused once the listener is closed.
            Await.until("the listener to close", Duration.ofSeconds(5), () -> {
                try {
                    fixture.client.send(fixture.request("app.test", "/").timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return false;
                } catch (IOException e) {
                    return true;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(drained).isNotDone();
            held.forEach(ctx -> ctx.writeAndFlush(TestDyno.text(HttpResponseStatus.OK, "finished")));
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("finished");
                assertThat(r.headers().firstValue("connection")).hasValue("close");
            }
            drained.get();
            assertThatThrownBy(() -> fixture.get("app.test", "/")).isInstanceOf(IOException.class);
        }
    }
}
