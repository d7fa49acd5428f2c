package io.dynod.e2e;

import io.dynod.cli.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dynod router --agent URL} from the built jar, on free loopback ports, following an
 * {@link AgentProcess} (token from the agent's home); stopped by SIGTERM.
 */
final class RouterProcess implements AutoCloseable {

    final int port;
    final Process process;
    final StringBuffer output = new StringBuffer();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RouterProcess(AgentProcess agent, List<String> args) throws IOException {
        this.port = AgentProcess.freePort();
        List<String> command = new ArrayList<>(List.of(AgentProcess.java(), "-jar", AgentProcess.JAR.toString(), "router",
                "--agent", "http://127.0.0.1:" + agent.port, "--bind", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("DYNOD_TOKEN");
        builder.environment().put("DYNOD_HOME", agent.home.toString());
        process = builder.start();
        Thread copier = new Thread(() -> AgentProcess.copy(process.getInputStream(), output), "router-output");
        copier.setDaemon(true);
        copier.start();
        Await.until(Duration.ofSeconds(60), "the router to listen on " + port, this::listening, output::toString);
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new AssertionError("the router exited with " + process.exitValue() + ":\n" + Await.tail(output.toString()));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    HttpRequest.Builder request(String app) {
        return request(port, app);
    }

    /** A request for {@code APP.localhost} to the router on {@code port}. */
    static HttpRequest.Builder request(int port, String app) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Host", app + ".localhost").timeout(Duration.ofSeconds(90));
    }

    HttpResponse<String> get(String app) throws IOException, InterruptedException {
        return http.send(request(app).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            AgentProcess.terminate(process, "the router", output, Duration.ofSeconds(60));
        }
    }
}
