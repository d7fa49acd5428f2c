package io.dynod.e2e;

import io.dynod.cli.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code dynod up} from the built jar on a temp home, free ports and a test cgroup prefix; stopped by SIGTERM. */
final class UpProcess implements AutoCloseable {

    final Path home;
    final int port;
    final int apiPort;
    final int adminPort;
    final Process process;
    final StringBuffer output = new StringBuffer();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    UpProcess(Path home, List<String> args) throws IOException {
        this.home = home;
        this.port = AgentProcess.freePort();
        this.apiPort = AgentProcess.freePort();
        this.adminPort = AgentProcess.freePort();
        List<String> command = new ArrayList<>(List.of(AgentProcess.java(), "-jar", AgentProcess.JAR.toString(), "up",
                "--port", Integer.toString(port), "--api-port", Integer.toString(apiPort), "--home", home.toString(),
                "--admin-port", Integer.toString(adminPort)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().put("DYNOD_CGROUP_PREFIX", "dynod-test-" + UUID.randomUUID().toString().substring(0, 8));
        process = builder.start();
        Thread copier = new Thread(() -> AgentProcess.copy(process.getInputStream(), output), "up-output");
        copier.setDaemon(true);
        copier.start();
        Await.until(Duration.ofSeconds(120), "dynod up to print its URLs", () -> output.toString().contains("Ctrl-C"),
                output::toString);
    }

    /** A copy of an app folder named {@code name} under {@code dir}. */
    static Path appCopy(Path from, Path dir, String name) throws IOException {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    HttpRequest.Builder request(String app) {
        return RouterProcess.request(port, app);
    }

    HttpResponse<String> get(String app) throws IOException, InterruptedException {
        return http.send(request(app).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The state of {@code app}'s web.1 through the agent API. */
    String webState(String app) {
        try {
            String token = Files.readString(home.resolve("agent.token")).strip();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/v1/apps/" + app + "/dynos"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"name\":\"web\\.1\"[^}]*?\"state\":\"([a-z]+)\"").matcher(r.body());
            return m.find() ? m.group(1) : "none";
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    void awaitWebState(String app, String state, Duration timeout) {
        Await.until(timeout, app + " web.1 " + state, () -> webState(app).equals(state), output::toString);
    }

    /** Requests the router holds for {@code app}'s cold start now (its /metrics). */
    int held(String app) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("dynod_router_held_requests\\{app=\"" + app + "\"\\} (\\d+)").matcher(metrics);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code dynod ARGS} against this process's agent API. */
    AgentProcess.Result cli(String... args) throws Exception {
        {
            List<String> command = new ArrayList<>(List.of(AgentProcess.java(), "-jar", AgentProcess.JAR.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DYNOD_HOME", home.toString());
            builder.environment().put("DYNOD_AGENT_URL", "http://127.0.0.1:" + apiPort);
            builder.environment().remove("DYNOD_TOKEN");
            Process cli = builder.start();
            StringBuffer out = new StringBuffer();
            Thread o = new Thread(() -> AgentProcess.copy(cli.getInputStream(), out));
            o.start();
            if (!cli.waitFor(120, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                throw new AssertionError("dynod " + String.join(" ", args) + " did not finish: " + out);
            }
            o.join(10_000);
            return new AgentProcess.Result(cli.exitValue(), out.toString(), "");
        }
    }

    /** How many times {@code app}'s web.1 was launched, from the app log. */
    int webLaunches(String app) throws Exception {
        return AgentProcess.launches(cli("logs", "-a", app, "-n", "1500", "--dyno", "web.1", "--source", "dynod").out());
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            AgentProcess.terminate(process, "dynod up", output, Duration.ofSeconds(90));
        }
    }
}
