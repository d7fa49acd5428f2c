package io.dynod.e2e;

import io.dynod.cli.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code dynod router} from the built jar on free loopback ports, following one
 * {@link AgentProcess} ({@code --agent}, token from the agent's home) or a fleet's etcd
 * ({@code --etcd}); its admin port read as JSON; stopped by SIGTERM.
 */
final class RouterProcess implements AutoCloseable {

    static final String DOMAIN = "dynod.test";
    private static final HttpClient ADMIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final int adminPort;
    final Process process;
    final StringBuffer output = new StringBuffer();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A router following {@code agent}'s event stream, listening once this returns. */
    RouterProcess(AgentProcess agent, List<String> args) throws IOException {
        this("router", List.of("--agent", "http://127.0.0.1:" + agent.port), Map.of("DYNOD_HOME", agent.home.toString()),
                args);
        Await.until(Duration.ofSeconds(60), "the router to listen on " + port, this::listening, output::toString);
    }

    /** A fleet router on {@code etcdUrl}, app {@code APP} at {@code APP.}{@link #DOMAIN}; see {@link #awaitReady}. */
    RouterProcess(String name, String etcdUrl, List<String> args) throws IOException {
        this(name, List.of("--etcd", etcdUrl, "--domain", DOMAIN), Map.of(), args);
    }

    private RouterProcess(String name, List<String> source, Map<String, String> env, List<String> args)
            throws IOException {
        this.name = name;
        this.port = AgentProcess.freePort();
        this.adminPort = AgentProcess.freePort();
        List<String> command = new ArrayList<>(List.of(AgentProcess.java(), "-jar", AgentProcess.JAR.toString(),
                "router", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--admin-port", Integer.toString(adminPort)));
        command.addAll(source);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("DYNOD_TOKEN");
        builder.environment().putAll(env);
        process = builder.start();
        Thread copier = new Thread(() -> AgentProcess.copy(process.getInputStream(), output), "router-" + name);
        copier.setDaemon(true);
        copier.start();
    }

    void awaitReady() {
        Await.until(Duration.ofSeconds(60), "router " + name + " answers on its admin port", () -> admin("/metrics") != null,
                output::toString);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** GET on the admin port; null when it does not answer 200. */
    String admin(String path) {
        try {
            HttpResponse<String> r = ADMIN.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The up web dynos of {@code app} in the table this router serves: "dyno host:port". */
    Set<String> upEndpoints(String app) {
        Set<String> out = new TreeSet<>();
        String routes = admin("/routes");
        if (routes == null) {
            return out;
        }
        JsonArray apps = new JsonObject(routes).getJsonArray("apps");
        for (int i = 0; i < apps.size(); i++) {
            JsonObject a = apps.getJsonObject(i);
            if (!a.getString("app").equals(app)) {
                continue;
            }
            JsonArray endpoints = a.getJsonArray("endpoints");
            for (int j = 0; j < endpoints.size(); j++) {
                JsonObject e = endpoints.getJsonObject(j);
                if (e.getBoolean("up")) {
                    out.add(e.getString("dyno") + " " + e.getString("host") + ":" + e.getInteger("port"));
                }
            }
        }
        return out;
    }

    /** {@code dynod_router_routes_stale_seconds} from {@code /metrics}; -1 when it cannot be read. */
    double staleSeconds() {
        String metrics = admin("/metrics");
        if (metrics == null) {
            return -1;
        }
        return metrics.lines().filter(l -> l.startsWith("dynod_router_routes_stale_seconds "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).strip())).findFirst().orElse(-1);
    }

    /** The router's log line of one request (by its request id), or null. */
    String logLine(String requestId) {
        return output.toString().lines().filter(l -> l.contains("request_id=" + requestId + " ")).findFirst().orElse(null);
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new AssertionError("router " + name + " exited with " + process.exitValue() + ":\n"
                    + Await.tail(output.toString()));
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
            AgentProcess.terminate(process, "router " + name, output, Duration.ofSeconds(60));
        }
    }
}
