package io.dynod.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynod.cli.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven through chromedriver's W3C WebDriver HTTP protocol: one
 * chromedriver child on a free loopback port, one browser session with a fresh profile.
 * {@link #close()} ends the session and kills chromedriver and whatever it started, by PID.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String CHROMIUM = "chromium";
    static final String CHROMEDRIVER = "chromedriver";

    /** Root needs --no-sandbox; the rest keeps the browser from talking to anything but the test's URLs. */
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-breakpad", "--no-proxy-server");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final StringBuffer driverOutput = new StringBuffer();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String session;

    /** Skips on a host without Debian's chromium and chromium-driver; fails there when {@code CI=true}. */
    static void require() {
        HostRequirement.require(HostRequirement.onPath(CHROMIUM) && HostRequirement.onPath(CHROMEDRIVER),
                "chromium and chromedriver (apt-get install chromium chromium-driver)");
    }

    /**
     * Starts chromedriver and a browser whose profile lives under {@code profileDir};
     * {@code pageLoad} bounds each navigation, including one the page starts itself.
     */
    HeadlessChromium(Path profileDir, Duration pageLoad) throws IOException {
        int port = AgentProcess.freePort();
        base = URI.create("http://127.0.0.1:" + port);
        driver = new ProcessBuilder(CHROMEDRIVER, "--port=" + port).redirectErrorStream(true).start();
        Thread copier = new Thread(() -> AgentProcess.copy(driver.getInputStream(), driverOutput), "chromedriver-output");
        copier.setDaemon(true);
        copier.start();
        try {
            Await.until(Duration.ofSeconds(30), "chromedriver ready on port " + port, this::ready, this::output);
            Files.createDirectories(profileDir);
            ObjectNode always = JSON.createObjectNode();
            always.put("browserName", "chrome");
            always.put("pageLoadStrategy", "normal");
            always.putObject("timeouts").put("pageLoad", pageLoad.toMillis()).put("implicit", 0);
            ObjectNode chrome = always.putObject("goog:chromeOptions");
            chrome.put("binary", HostRequirement.which(CHROMIUM).orElseThrow().toString());
            var args = chrome.putArray("args");
            ARGS.forEach(args::add);
            args.add("--user-data-dir=" + profileDir.toAbsolutePath());
            ObjectNode body = JSON.createObjectNode();
            body.putObject("capabilities").set("alwaysMatch", always);
            session = call("POST", "/session", body).path("sessionId").asText();
        } catch (RuntimeException | IOException e) {
            stopDriver();
            throw e;
        }
    }

    /** Opens {@code url} and returns once its page loaded (WebDriver "Navigate To"). */
    void open(String url) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("url", url);
        call("POST", "/session/" + session + "/url", body);
    }

    /** The current page's title; waits for a navigation in progress, as WebDriver does. */
    String title() throws IOException {
        return call("GET", "/session/" + session + "/title", null).asText();
    }

    /** The current page's DOM as HTML (a text/plain answer shows inside a {@code <pre>}). */
    String source() throws IOException {
        return call("GET", "/session/" + session + "/source", null).asText();
    }

    String currentUrl() throws IOException {
        return call("GET", "/session/" + session + "/url", null).asText();
    }

    /** chromedriver's own log, for failure messages. */
    String output() {
        return Await.tail(driverOutput.toString());
    }

    private boolean ready() {
        try {
            return call("GET", "/status", null).path("ready").asBoolean();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** One WebDriver command; answers its {@code value}, or throws with the WebDriver error. */
    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).method(method, publisher)
                .header("Content-Type", "application/json; charset=utf-8").timeout(Duration.ofMinutes(3)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + ": " + response.statusCode() + " "
                    + value.path("error").asText() + ": " + value.path("message").asText());
        }
        return value;
    }

    @Override
    public void close() throws Exception {
        try {
            call("DELETE", "/session/" + session, null); // chromedriver quits the browser
        } finally {
            stopDriver();
        }
    }

    /** Kills chromedriver and the processes it started (the browser's, should the session not have ended them). */
    private void stopDriver() {
        List<ProcessHandle> started = driver.descendants().toList();
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
