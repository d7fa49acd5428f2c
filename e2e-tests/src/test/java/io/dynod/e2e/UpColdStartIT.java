package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle sleep and cold-start wake end to end, on the built jar: {@code dynod up} with
 * examples/hello (BOOT_DELAY_MS set through {@code dynod config:set}) and a tiny SSE app.
 */
class UpColdStartIT {

    private static final Path HELLO = AgentProcess.ROOT.resolve("examples/hello");
    private static final Pattern ANSWER = Pattern.compile("Hello from hello on web\\.1, request #(\\d+)\n");

    @TempDir
    Path dir;

    private UpProcess up;

    @AfterEach
    void stop() throws Exception {
        if (up != null) {
            up.close();
        }
    }

    @Test
    void anIdleAppWakesOnceForFiveHundredConcurrentRequestsAndAllAreAnswered() throws Exception {
        up = new UpProcess(dir.resolve("home"), List.of(UpProcess.appCopy(HELLO, dir, "hello").toString(),
                "--idle-after", "3s"));
        assertThat(up.cli("config:set", "-a", "hello", "BOOT_DELAY_MS=1500").exit()).isZero();
        assertThat(up.get("hello").statusCode()).isEqualTo(200);

        up.awaitWebState("hello", "idle", Duration.ofSeconds(60)); // the shortened idle period
        int launches = up.webLaunches("hello");
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            responses.add(up.http.sendAsync(up.request("hello").build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<Long> numbers = new TreeSet<>();
        for (CompletableFuture<HttpResponse<String>> f : responses) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Matcher m = ANSWER.matcher(r.body());
            assertThat(m.matches()).as(r.body()).isTrue();
            numbers.add(Long.parseLong(m.group(1)));
            assertThat(r.headers().firstValue("Dynod-Cold-Start")).isPresent();
        }
        assertThat(numbers).hasSize(500).first().isEqualTo(1L); // one fresh process answered them all
        assertThat(up.webLaunches("hello")).isEqualTo(launches + 1);
        String log = up.cli("logs", "-a", "hello", "-n", "1500", "--source", "dynod").out();
        assertThat(log).contains("Idling", "State changed from up to idle", "Unidling",
                "State changed from idle to starting");
    }

    @Test
    void anAppThatNeverBindsGetsH20AndAFullHoldGets503() throws Exception {
        Path never = dir.resolve("never");
        java.nio.file.Files.createDirectories(never);
        java.nio.file.Files.writeString(never.resolve("Procfile"), "web: sleep 600\n");
        up = new UpProcess(dir.resolve("home"), List.of(never.toString(), "--hold-timeout", "4s", "--max-held", "3"));
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(up.http.sendAsync(up.request("never").build(), HttpResponse.BodyHandlers.ofString()));
        }
        Await.until(Duration.ofSeconds(3), "3 requests held", () -> up.held("never") == 3, up.output::toString);
        HttpResponse<String> overflow = up.get("never");
        assertThat(overflow.statusCode()).isEqualTo(503);
        for (CompletableFuture<HttpResponse<String>> f : held) {
            assertThat(f.get().statusCode()).isEqualTo(503);
            assertThat(f.get().body()).contains("App boot timeout");
        }
        Await.until(Duration.ofSeconds(10), "router log lines", () -> up.output.toString().contains("code=H20")
                && up.output.toString().contains("code=D11"), up.output::toString);
    }

    @Test
    void theWakingPageIsForBrowsersOfAppsThatOptedIn() throws Exception {
        up = new UpProcess(dir.resolve("home"), List.of(UpProcess.appCopy(HELLO, dir, "page").toString(),
                UpProcess.appCopy(HELLO, dir, "plain").toString(), "--idle-after", "3s", "--waking-page", "page"));
        for (String app : List.of("page", "plain")) {
            assertThat(up.cli("config:set", "-a", app, "BOOT_DELAY_MS=5000").exit()).isZero();
        }
        for (String app : List.of("page", "plain")) {
            up.awaitWebState(app, "idle", Duration.ofSeconds(90));
        }
        HttpResponse<String> browser = up.http.send(up.request("page").header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(503);
        assertThat(browser.body()).contains("Waking up", "http-equiv=\"refresh\"");
        HttpResponse<String> api = up.http.send(up.request("page").header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        HttpResponse<String> otherBrowser = up.http.send(up.request("plain").header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherBrowser.statusCode()).isEqualTo(200);
        assertThat(otherBrowser.body()).startsWith("Hello from plain");
    }

    @Test
    void anOpenEventStreamKeepsTheAppAwake() throws Exception {
        Path sse = SseApp.copy(dir);
        up = new UpProcess(dir.resolve("home"), List.of(sse.toString(), "--idle-after", "2s"));
        HttpResponse<InputStream> stream = up.http.send(up.request("sse").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            int ticks = SseApp.readTicks(events, 40); // 40 × 200 ms: 4 idle periods
            assertThat(ticks).isEqualTo(40);
            assertThat(up.webState("sse")).isEqualTo("up");
        }
        up.awaitWebState("sse", "idle", Duration.ofSeconds(30)); // once the stream is closed, it sleeps
    }
}
