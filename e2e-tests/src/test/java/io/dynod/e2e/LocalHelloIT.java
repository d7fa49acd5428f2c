package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import io.dynod.cli.testing.HostTools;
import io.dynod.cli.testing.ProcTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first Quick start command, for real: {@code ./dynod local} in examples/hello,
 * HTTP to the web process, then SIGTERM and nothing left behind.
 */
class LocalHelloIT {

    /** Generous: the launcher may have to build the jar first. */
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Pattern HELLO = Pattern.compile("Hello from hello on web\\.1, request #(\\d+)\n");

    private final StringBuffer output = new StringBuffer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process dynod;

    @Test
    void servesTheHelloAppAndStopsEveryProcessOnSigterm() throws Exception {
        HostTools.require("setsid", "sh", "ps");
        Path root = Path.of(System.getProperty("dynod.root")).toRealPath();
        int base = freeBasePort();
        dynod = new ProcessBuilder(root.resolve("dynod").toString(), "local", "-p", Integer.toString(base))
                .directory(root.resolve("examples/hello").toFile())
                .redirectErrorStream(true)
                .start();
        Thread copier = copyOutput(dynod.getInputStream());

        URI web = URI.create("http://127.0.0.1:" + base + "/");
        String[] body = new String[1];
        Await.until(BOOT, "the web process to answer on " + web, () -> {
            body[0] = get(web);
            return body[0] != null;
        }, output::toString);
        Matcher first = HELLO.matcher(body[0]);
        assertThat(first.matches()).as("first answer: %s", body[0]).isTrue();
        Matcher second = HELLO.matcher(get(web));
        assertThat(second.matches()).isTrue();
        assertThat(Long.parseLong(second.group(1))).isEqualTo(Long.parseLong(first.group(1)) + 1);
        Await.until(Duration.ofSeconds(30), "a worker tick", () -> output.toString().contains("| worker worker.1 tick"),
                output::toString);

        List<Long> children = dynod.descendants().map(ProcessHandle::pid).toList();
        assertThat(children).isNotEmpty();
        dynod.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves the output pipe open
        assertThat(dynod.waitFor(60, TimeUnit.SECONDS)).as("dynod local exits after SIGTERM").isTrue();
        copier.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(dynod.exitValue()).as("output:\n%s", Await.tail(output.toString())).isZero();
        assertThat(output.toString())
                .contains("| stop requested: sending SIGTERM to all processes")
                .contains("web.1    | exited with code")
                .contains("worker.1 | exited with code")
                .doesNotContain("SIGKILL");
        for (long pid : children) {
            assertThat(ProcTable.isLive(pid)).as("child %d still running", pid).isFalse();
            assertThat(ProcTable.liveMembersOfGroup(pid)).as("process group %d", pid).isEmpty();
        }
    }

    @AfterEach
    void killLeftovers() {
        if (dynod != null && dynod.isAlive()) {
            dynod.descendants().forEach(ProcessHandle::destroyForcibly);
            dynod.destroyForcibly();
        }
    }

    /** The body of a 200 answer, or null while the app is not up yet. */
    private String get(URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Thread copyOutput(InputStream in) {
        Thread copier = new Thread(() -> {
            try (in) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                output.append("\n[output copy failed: ").append(e).append("]\n");
            }
        }, "dynod-local-output");
        copier.setDaemon(true);
        copier.start();
        return copier;
    }

    /** A free port whose +100 (the worker's PORT) is still a port. */
    private static int freeBasePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (socket.getLocalPort() + 100 <= 65535) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
