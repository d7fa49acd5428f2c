package io.dynod.router.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.backend.BackendPools;
import io.dynod.router.balance.LiveRoutes;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.metrics.RouterMetrics;
import io.dynod.router.support.LeakCheck;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.RouteTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole client pipeline on an {@link EmbeddedChannel}, for every answer the router gives
 * without a dyno: 404, H14, and 400 for the limit and smuggling corpus.
 */
class FrontendPipelineTest {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private final RouterMetrics metrics = new RouterMetrics();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        LiveRoutes routes = new LiveRoutes();
        routes.apply(new RouteTable("test", List.of(new AppRoute("empty", List.of(), List.of())), Optional.empty()));
        RouterConfig config = RouterConfig.builder().maxHeaders(20).maxHeaderLine(100).maxRequestLine(200).build();
        FrontendContext context = new FrontendContext(config, routes,
                new BackendPools(NioSocketChannel.class, config), metrics);
        channel = new EmbeddedChannel(false, false, new RouterChannelInitializer(context,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));
        channel.config().setAutoRead(false);
        channel.register();
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    @Test
    void unknownHostIs404AndTheConnectionStaysOpen() {
        String out = send("GET / HTTP/1.1\r\nHost: nope.test\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 404 Not Found\r\n").contains("No such app");
        assertThat(channel.isOpen()).isTrue();
        String second = send("GET / HTTP/1.1\r\nHost: empty.test\r\n\r\n");
        assertThat(second).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("No web processes running");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        String out = send("GET / HTTP/1.1\r\nHost: nope.test\r\n\r\nGET / HTTP/1.1\r\nHost: empty.test\r\n\r\n");
        assertThat(out.indexOf("404 Not Found")).isGreaterThanOrEqualTo(0).isLessThan(out.indexOf("503 Service"));
    }

    @Test
    void requestWithABodyToAnUnknownHostClosesAfterTheAnswer() {
        String out = send("POST / HTTP/1.1\r\nHost: nope.test\r\nContent-Length: 5\r\n\r\nhel");
        assertThat(out).startsWith("HTTP/1.1 404").contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    static final List<String> BAD_REQUESTS = List.of(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\n\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
            "GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + "b".repeat(120) + "\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n" + "X-H: 1\r\n".repeat(21) + "\r\n");

    @Test
    void limitAndSmugglingCorpusIsRejectedWith400AndClose() throws Exception {
        for (String bad : BAD_REQUESTS) {
            setUpFresh();
            String out = send(bad);
            assertThat(out).as(bad).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("connection: close");
            assertThat(channel.isOpen()).as(bad).isFalse();
        }
        assertThat(metrics.requests(RouterMetrics.NO_APP, 400)).isEqualTo(BAD_REQUESTS.size());
    }

    @Test
    void limitsAtTheBoundaryPass() {
        String out = send("GET / HTTP/1.1\r\nHost: nope.test\r\n" + "X-H: 1\r\n".repeat(18)
                + "X-Long: " + "b".repeat(90) + "\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 404");
    }

    private void setUpFresh() throws Exception {
        channel.finishAndReleaseAll();
        setUp();
    }
}
