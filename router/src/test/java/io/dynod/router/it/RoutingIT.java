package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.LogCapture;
import io.dynod.router.support.RawClient;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Host → app routing, the headers the router adds and strips, and its own 404 and H14 answers. */
class RoutingIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();
    @RegisterExtension
    final LogCapture log = new LogCapture();

    static RouterFixture fixture;
    static TestDyno dyno;
    static TestDyno untilClose;

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start();
        dyno = TestDyno.start(TestDyno.ok("hello"));
        fixture.app("hello", List.of("www.hello.example"), dyno.port());
        fixture.app("empty");
        untilClose = TestDyno.start(TestDyno.rawThenClose("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil eof"));
        fixture.app("eof", untilClose.port());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        dyno.close();
        untilClose.close();
    }

    private HttpHeaders lastHead() {
        List<HttpHeaders> heads = dyno.heads();
        return heads.get(heads.size() - 1);
    }

    @Test
    void appSubdomainReachesTheApp() throws Exception {
        HttpResponse<String> r = fixture.get("hello.test", "/x?y=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headers().firstValue("via")).hasValue("1.1 dynod");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("at=info method=GET path=\"/x?y=1\" host=hello.test")
                && l.contains(" dyno=web.1 ") && l.contains(" status=200 bytes=5 protocol=http"));
    }

    @Test
    void customDomainWithPortReachesTheApp() throws Exception {
        HttpResponse<String> r = fixture.get("WWW.Hello.Example:8080", "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
    }

    @Test
    void unknownHostGets404WithoutTouchingADyno() throws Exception {
        int before = dyno.requests();
        HttpResponse<String> r = fixture.get("nope.test", "/");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("No such app");
        assertThat(dyno.requests()).isEqualTo(before);
        // the connection stays usable
        assertThat(fixture.get("hello.test", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void appWithoutWebDynosGetsH14() throws Exception {
        HttpResponse<String> r = fixture.get("empty.test", "/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("No web processes running");
        assertThat(log.withCode("H14")).singleElement().satisfies(l -> assertThat(l)
                .startsWith("at=error code=H14 desc=\"No web processes running\" method=GET path=\"/\" host=empty.test"));
    }

    @Test
    void forwardingHeadersAreAdded() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> r = fixture.client.send(fixture.request("hello.test", "/")
                .header("X-Forwarded-For", "10.0.0.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        HttpHeaders h = lastHead();
        assertThat(h.get("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(h.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(h.get("X-Forwarded-Port")).isEqualTo(Integer.toString(fixture.router.port()));
        assertThat(Long.parseLong(h.get("X-Request-Start"))).isBetween(before, System.currentTimeMillis());
        assertThat(h.get("Via")).isEqualTo("1.1 dynod");
        assertThat(h.get("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(h.get("Host")).isEqualTo("hello.test");
    }

    @Test
    void hopByHopHeadersAreStripped() throws Exception {
        HttpResponse<String> r = fixture.client.send(fixture.request("hello.test", "/")
                .header("Connection", "keep-alive, X-Secret")
                .header("X-Secret", "hop")
                .header("Keep-Alive", "timeout=5")
                .header("Proxy-Connection", "keep-alive")
                .header("TE", "trailers")
                .header("X-End-To-End", "kept")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        HttpHeaders h = lastHead();
        assertThat(h.contains("X-Secret")).isFalse();
        assertThat(h.contains("Keep-Alive")).isFalse();
        assertThat(h.contains("Proxy-Connection")).isFalse();
        assertThat(h.contains("TE")).isFalse();
        assertThat(h.contains("Connection")).isFalse();
        assertThat(h.get("X-End-To-End")).isEqualTo("kept");
    }

    @Test
    void http10ClientGetsAnAnswerAndAClose() throws Exception {
        try (RawClient raw = RawClient.connect(fixture.router.port())) {
            raw.send("GET / HTTP/1.0\r\nHost: hello.test\r\n\r\n");
            String answer = raw.readAll(Duration.ofSeconds(5));
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close").endsWith("hello");
        }
    }

    @Test
    void bodyEndingAtEndOfStreamIsRechunkedForKeepAlive() throws Exception {
        try (RawClient raw = RawClient.connect(fixture.router.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: eof.test\r\n\r\nGET / HTTP/1.1\r\nHost: eof.test\r\nConnection: close\r\n\r\n");
            String answer = raw.readAll(Duration.ofSeconds(5));
            // Two complete chunked responses on one connection: the dyno's close did not end the client's.
            assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(answer).contains("transfer-encoding: chunked").contains("until eof\r\n0\r\n\r\n");
        }
    }

    @Test
    void validClientRequestIdIsKept() throws Exception {
        String id = "abcdefghij0123456789+/=-";
        fixture.client.send(fixture.request("hello.test", "/").header("X-Request-Id", id).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lastHead().get("X-Request-Id")).isEqualTo(id);
        assertThat(log.lines()).anyMatch(l -> l.contains(" request_id=" + id + " "));
    }

    @Test
    void invalidClientRequestIdIsReplaced() throws Exception {
        for (String bad : new String[] {"short", "has spaces in it, which is not allowed", "x".repeat(201),
                "semicolons;are;not;allowed;here"}) {
            fixture.client.send(fixture.request("hello.test", "/").header("X-Request-Id", bad).build(),
                    HttpResponse.BodyHandlers.ofString());
            String id = lastHead().get("X-Request-Id");
            assertThat(id).isNotEqualTo(bad);
            assertThat(Pattern.matches("[0-9a-f-]{36}", id)).isTrue();
        }
    }
}
