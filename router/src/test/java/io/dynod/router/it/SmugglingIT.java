package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.LogCapture;
import io.dynod.router.support.RawClient;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request smuggling and limit violations over a real socket: each gets a 400 and a closed
 * connection, and no request (not even a prefix) reaches the dyno.
 */
class SmugglingIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();
    @RegisterExtension
    final LogCapture log = new LogCapture();

    static RouterFixture fixture;
    static TestDyno dyno;

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start();
        dyno = TestDyno.start(TestDyno.countBody());
        fixture.app("app", dyno.port());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        dyno.close();
    }

    private static final String H = "Host: app.test\r\n";

    static final List<String> CORPUS = List.of(
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n" + H + "\r\n",
            "POST / HTTP/1.1\r\n" + H + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\n" + H + "Content-Length: 5, 6\r\n\r\nhello!",
            "POST / HTTP/1.1\r\n" + H + "Content-Length: 0x5\r\n\r\nhello",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
            "GET / HTTP/1.1\n" + H.replace("\r\n", "\n") + "\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\n" + H + "Host: other.test\r\n\r\n",
            "GET /" + "a".repeat(8200) + " HTTP/1.1\r\n" + H + "\r\n",
            "GET / HTTP/1.1\r\n" + H + "X-Long: " + "b".repeat(8200) + "\r\n\r\n",
            "GET / HTTP/1.1\r\n" + H + "X-H: 1\r\n".repeat(1000) + "\r\n");

    @Test
    void corpusIsRejectedWith400BeforeReachingTheDyno() throws Exception {
        for (String attack : CORPUS) {
            try (RawClient raw = RawClient.connect(fixture.router.port())) {
                raw.send(attack);
                String answer = raw.readAll(Duration.ofSeconds(5));
                assertThat(answer).as(attack).startsWith("HTTP/1.1 400 Bad Request\r\n");
                assertThat(answer.indexOf("HTTP/1.1", 1)).as("only one response for: " + attack).isEqualTo(-1);
            }
        }
        assertThat(dyno.requests()).as("requests that reached the dyno").isZero();
        assertThat(log.withCode("H26")).hasSize(CORPUS.size());
    }

    @Test
    void limitsThemselvesAreAccepted() throws Exception {
        try (RawClient raw = RawClient.connect(fixture.router.port())) {
            String line = "X-Long: " + "b".repeat(8192 - "X-Long: ".length() - 2) + "\r\n";
            raw.send("GET /" + "a".repeat(8000) + " HTTP/1.1\r\n" + H + line + "X-H: 1\r\n".repeat(997)
                    + "Connection: close\r\n\r\n");
            assertThat(raw.readAll(Duration.ofSeconds(5))).startsWith("HTTP/1.1 200 OK");
        }
    }
}
