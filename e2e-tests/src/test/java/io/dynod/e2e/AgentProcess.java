package io.dynod.e2e;

import io.dynod.cli.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code dynod agent} from the built jar, on a temp home and a free loopback port; and the CLI against it. */
final class AgentProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("dynod.jar"));
    static final Path ROOT = Path.of(System.getProperty("dynod.root"));

    record Result(int exit, String out, String err) {
    }

    final Path home;
    final int port;
    final Process process;
    final StringBuffer output = new StringBuffer();

    /** Starts the agent; {@code env} is added to its environment (NOTIFY_SOCKET, WATCHDOG_USEC). */
    AgentProcess(Path home, int port, Map<String, String> env) throws IOException {
        this(home, port, env, List.of());
    }

    /** As above, with more {@code dynod agent} arguments ({@code --etcd}, {@code --advertise-host}, ...). */
    AgentProcess(Path home, int port, Map<String, String> env, List<String> args) throws IOException {
        this.home = home;
        this.port = port;
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "agent", "--home", home.toString(),
                "--port", Integer.toString(port)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().put("DYNOD_CGROUP_PREFIX", cgroupPrefix(home));
        builder.environment().putAll(env);
        process = builder.start();
        Thread copier = new Thread(() -> copy(process.getInputStream(), output), "agent-output");
        copier.setDaemon(true);
        copier.start();
    }

    static AgentProcess start(Path home) throws IOException {
        AgentProcess agent = new AgentProcess(home, freePort(), Map.of());
        agent.awaitHealthy();
        return agent;
    }

    void awaitHealthy() {
        Await.until(Duration.ofSeconds(90), "the agent API on port " + port, this::healthy, output::toString);
    }

    boolean healthy() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code dynod ARGS} against this agent. */
    Result cli(String... args) throws IOException, InterruptedException {
        Process cli = cliProcess(args);
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread o = new Thread(() -> copy(cli.getInputStream(), out));
        Thread e = new Thread(() -> copy(cli.getErrorStream(), err));
        o.start();
        e.start();
        if (!cli.waitFor(120, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new AssertionError("dynod " + String.join(" ", args) + " did not finish; output: " + out + err);
        }
        o.join(10_000);
        e.join(10_000);
        return new Result(cli.exitValue(), out.toString(), err.toString());
    }

    /** Starts {@code dynod ARGS} against this agent and leaves it running. */
    Process cliProcess(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().put("DYNOD_HOME", home.toString());
        builder.environment().put("DYNOD_AGENT_URL", "http://127.0.0.1:" + port);
        builder.environment().remove("DYNOD_TOKEN");
        return builder.start();
    }

    /** The pid a dyno record holds ({@code run/<app>/<dyno>.json}). */
    long dynoPid(String app, String dyno) throws IOException {
        String record = Files.readString(home.resolve("run").resolve(app).resolve(dyno + ".json"));
        return Long.parseLong(record.replaceAll("(?s).*\"pid\"\\s*:\\s*(-?[0-9]+).*", "$1"));
    }

    /** How many times a dyno was launched, from its {@code --source dynod} log lines. */
    static int launches(String dynodLog) {
        return (int) dynodLog.lines().filter(l -> l.contains("Starting process with command")).count();
    }

    /** SIGTERM, as systemd's stop sends it; answers the exit status. */
    int terminate() throws InterruptedException {
        return terminate(process, "the agent", output, Duration.ofSeconds(60));
    }

    /** SIGTERM to one of the test's processes; SIGKILL and a failure if it has not exited in {@code grace}. */
    static int terminate(Process process, String what, StringBuffer output, Duration grace) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " did not exit on SIGTERM; output:\n" + Await.tail(output.toString()));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            if (healthy()) {
                cli("drain");
            }
            terminate();
        }
        removeEmptyCgroups(cgroupPrefix(home));
    }

    /**
     * The cgroups of the agents on one home: their own, so test agents never reap each other's
     * dynos, and the same for an agent restarted on that home, so it re-adopts them.
     */
    static String cgroupPrefix(Path home) {
        return "dynod-e2e-" + Integer.toHexString(home.toAbsolutePath().toString().hashCode());
    }

    /** Removes the prefix's cgroup dirs once the agent drained them; a dir still in use stays. */
    private static void removeEmptyCgroups(String prefix) throws IOException {
        Path root = Path.of("/sys/fs/cgroup");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var hierarchies = Files.list(root)) {
            for (Path hierarchy : hierarchies.toList()) {
                Path agentDir = hierarchy.resolve(prefix);
                if (!Files.isDirectory(agentDir)) {
                    continue;
                }
                try (var leaves = Files.list(agentDir)) {
                    for (Path leaf : leaves.filter(Files::isDirectory).toList()) {
                        rmdirIfEmpty(leaf);
                    }
                }
                rmdirIfEmpty(agentDir);
            }
        }
    }

    /** rmdir: a cgroup dir goes only once no process is in it. */
    private static void rmdirIfEmpty(Path cgroup) {
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException busy) {
            // dynos of a still-running agent on this home
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
