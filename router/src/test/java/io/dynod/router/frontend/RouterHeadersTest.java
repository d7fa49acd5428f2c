package io.dynod.router.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class RouterHeadersTest {

    @Test
    void forwardedForIsAppendedAcrossRepeatedHeaders() {
        HttpHeaders h = new DefaultHttpHeaders().add("X-Forwarded-For", "1.1.1.1").add("X-Forwarded-For", "2.2.2.2")
                .add("Via", "1.0 cdn");
        String fwd = RouterHeaders.addForwarded(h, "3.3.3.3", "https", "443", 1234L);
        assertThat(fwd).isEqualTo("1.1.1.1, 2.2.2.2, 3.3.3.3");
        assertThat(h.getAll("X-Forwarded-For")).containsExactly("1.1.1.1, 2.2.2.2, 3.3.3.3");
        assertThat(h.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(h.get("X-Forwarded-Port")).isEqualTo("443");
        assertThat(h.get("X-Request-Start")).isEqualTo("1234");
        assertThat(h.get("Via")).isEqualTo("1.0 cdn, 1.1 dynod");
    }

    @Test
    void hopByHopHeadersGoButFramingStays() {
        HttpHeaders h = new DefaultHttpHeaders().add("Connection", "close, X-A, transfer-encoding").add("X-A", "1")
                .add("Keep-Alive", "5").add("TE", "trailers").add("Upgrade", "h2c").add("Transfer-Encoding", "chunked")
                .add("Proxy-Authorization", "x").add("X-B", "2");
        RouterHeaders.stripHopByHop(h, false);
        assertThat(h.names()).containsExactlyInAnyOrder("Transfer-Encoding", "X-B");
    }

    @Test
    void upgradeKeepsUpgradeAndConnection() {
        HttpHeaders h = new DefaultHttpHeaders().add("Connection", "keep-alive, Upgrade").add("Upgrade", "websocket");
        assertThat(RouterHeaders.isUpgrade(h)).isTrue();
        RouterHeaders.stripHopByHop(h, true);
        assertThat(h.get("Upgrade")).isEqualTo("websocket");
        assertThat(h.get("Connection")).isEqualTo("upgrade");
    }

    @Test
    void requestIdRules() {
        assertThat(RequestIds.isAcceptable("a".repeat(20))).isTrue();
        assertThat(RequestIds.isAcceptable("aZ09+/=-".repeat(25))).isTrue();
        assertThat(RequestIds.isAcceptable("a".repeat(19))).isFalse();
        assertThat(RequestIds.isAcceptable("a".repeat(201))).isFalse();
        assertThat(RequestIds.isAcceptable("a".repeat(19) + "_")).isFalse();
        assertThat(RequestIds.isAcceptable(null)).isFalse();
        String id = RequestIds.generate();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(RequestIds.isAcceptable(id)).isTrue();
        assertThat(RequestIds.generate()).isNotEqualTo(id);
    }
}
