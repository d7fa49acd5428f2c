package io.dynod.router.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RequestIdHandlerTest {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void headsBecomeExchangesWithAnIdAndBodiesPassThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestIdHandler());
        DefaultHttpRequest kept = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a");
        kept.headers().set("Host", "h").set("X-Request-Id", "client-id-0123456789");
        DefaultHttpRequest replaced = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/b");
        replaced.headers().set("X-Request-Id", "bad id");
        ch.writeInbound(kept, new DefaultLastHttpContent(Unpooled.copiedBuffer(new byte[] {1, 2})), replaced);

        Exchange first = ch.readInbound();
        assertThat(first.requestId).isEqualTo("client-id-0123456789");
        assertThat(first.host).isEqualTo("h");
        assertThat(first.path).isEqualTo("/a");
        LastHttpContent body = ch.readInbound();
        assertThat(body.content().readableBytes()).isEqualTo(2);
        body.release();
        Exchange second = ch.readInbound();
        assertThat(second.requestId).isNotEqualTo("bad id").hasSize(36);
        assertThat(second.request.headers().get("X-Request-Id")).isEqualTo(second.requestId);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
