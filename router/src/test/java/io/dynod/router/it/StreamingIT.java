package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies stream both ways without aggregation: 100 MB each way with the router's buffer memory
 * flat, server-sent events arriving one by one, a WebSocket echo through the upgrade, and
 * {@code Expect: 100-continue} passed through.
 */
class StreamingIT {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    /** Far below the body size: what the router may hold at once in pooled buffers. */
    private static final long MAX_ROUTER_BUFFERS = 24L * 1024 * 1024;

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private RouterFixture fixture;
    private TestDyno dyno;

    private void start(TestDyno dyno) throws Exception {
        this.fixture = RouterFixture.start();
        this.dyno = dyno;
        fixture.app("app", dyno.port());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        dyno.close();
    }

    @Test
    void hundredMegabyteUploadStreamsThrough() throws Exception {
        start(TestDyno.start(TestDyno.countBody()));
        try (MemoryWatch memory = new MemoryWatch()) {
            java.net.http.HttpResponse<String> r = fixture.client.send(fixture.request("app.test", "/upload")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(HUNDRED_MB))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Long.parseLong(r.body())).isEqualTo(HUNDRED_MB);
            assertThat(memory.peak()).as("router buffer memory peak").isLessThan(MAX_ROUTER_BUFFERS);
        }
    }

    @Test
    void hundredMegabyteDownloadStreamsThrough() throws Exception {
        start(TestDyno.start(StreamingIT::sendHundredMegabytes));
        try (MemoryWatch memory = new MemoryWatch()) {
            java.net.http.HttpResponse<InputStream> r = fixture.client.send(fixture.request("app.test", "/download")
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            long total = 0;
            try (InputStream in = r.body()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            }
            assertThat(total).isEqualTo(HUNDRED_MB);
            assertThat(memory.peak()).as("router buffer memory peak").isLessThan(MAX_ROUTER_BUFFERS);
        }
    }

    /** Writes 100 MB in 64 KB chunks, each only once the previous one is written: the dyno streams too. */
    private static void sendHundredMegabytes(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpRequest head,
            long bytes) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, HUNDRED_MB);
        ctx.write(r);
        byte[] chunk = new byte[65536];
        AtomicLong left = new AtomicLong(HUNDRED_MB);
        ChannelFutureListener next = new ChannelFutureListener() {
            @Override
            public void operationComplete(ChannelFuture f) {
                if (!f.isSuccess()) {
                    return;
                }
                long remaining = left.addAndGet(-chunk.length);
                if (remaining < 0) {
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                } else {
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))).addListener(this);
                }
            }
        };
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))).addListener(next);
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        start(TestDyno.start((ctx, head, bytes) -> {
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
            r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
            ctx.write(r);
            ctx.writeAndFlush(event("one"));
            // The second event is only sent once the client has seen the first: a buffering
            // proxy would deadlock here and the test would time out.
            CompletableFuture.runAsync(() -> {
                try {
                    if (firstSeen.await(10, TimeUnit.SECONDS)) {
                        ctx.writeAndFlush(event("two"));
                        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }));
        java.net.http.HttpResponse<InputStream> r = fixture.client.send(fixture.request("app.test", "/events").build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("data: one");
            assertThat(lines.readLine()).isEmpty();
            firstSeen.countDown();
            assertThat(lines.readLine()).isEqualTo("data: two");
        }
    }

    private static DefaultHttpContent event(String data) {
        return new DefaultHttpContent(Unpooled.copiedBuffer("data: " + data + "\n\n", StandardCharsets.UTF_8));
    }

    @Test
    void webSocketEchoPassesThroughTheUpgrade() throws Exception {
        start(TestDyno.websocketEcho());
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Host", "app.test")
                .buildAsync(URI.create("ws://127.0.0.1:" + fixture.router.port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("ping", true).get(10, TimeUnit.SECONDS);
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo:ping");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertThat(dyno.requests()).isEqualTo(1);
    }

    @Test
    void silentWebSocketIsClosedAfterTheIdleWindow() throws Exception {
        fixture = new RouterFixture(RouterFixture.testConfig().idleTimeout(Duration.ofMillis(300)).build());
        dyno = TestDyno.websocketEcho();
        fixture.app("app", dyno.port());
        CompletableFuture<String> ended = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Host", "app.test")
                .buildAsync(URI.create("ws://127.0.0.1:" + fixture.router.port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        ended.complete("closed");
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        ended.complete("cut");
                    }
                })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("ping", true).get(10, TimeUnit.SECONDS);
        assertThat(ended.get(10, TimeUnit.SECONDS)).isIn("closed", "cut");
    }

    @Test
    void expectContinueIsPassedThrough() throws Exception {
        start(TestDyno.start(TestDyno.countBody()));
        java.net.http.HttpResponse<String> r = fixture.client.send(fixture.request("app.test", "/")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("0123456789")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        // The JDK client sends the body only after a 100 Continue, which only the dyno sends: so
        // the counted body proves the interim response travelled back through the router.
        assertThat(r.body()).isEqualTo("10");
        assertThat(dyno.requests()).isEqualTo(1);
    }

    /** An endless-looking stream of zeros of a fixed length, never held in memory. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long length) {
            left = length;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    /**
     * Samples the router's buffer allocator while a transfer runs. The test dyno and the JDK client
     * use other memory, so this is the router's share.
     */
    private static final class MemoryWatch implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        MemoryWatch() {
            ByteBufAllocatorMetricProvider allocator = (ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT;
            long base = used(allocator);
            sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(used(allocator) - base, Math::max);
                    LockSupportPause.pause(Duration.ofMillis(2));
                }
            }, "memory-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        private static long used(ByteBufAllocatorMetricProvider allocator) {
            return allocator.metric().usedDirectMemory() + allocator.metric().usedHeapMemory();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The sampling period of {@link MemoryWatch}: pacing a measurement, not synchronising on it. */
    private static final class LockSupportPause {
        static void pause(Duration d) {
            java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
        }
    }
}
