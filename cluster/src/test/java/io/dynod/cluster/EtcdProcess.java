package io.dynod.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One etcd member run for a test: free loopback ports, its own temp data dir, started as a child
 * process, healthy before use, stopped by PID (SIGTERM, then SIGKILL after a deadline) and its dir
 * removed on {@link #close()}. {@link #restart()} starts it again on the same data dir and ports.
 */
public final class EtcdProcess implements AutoCloseable {

    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(20);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    static {
        // A test JVM that dies mid-run must not leave etcd processes behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private String initialCluster;
    private String clusterToken;
    private Process process;

    private EtcdProcess(String name, Path dir, int clientPort, int peerPort) {
        this.name = name;
        this.dir = dir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** A healthy single-member etcd. */
    public static EtcdProcess startSingle() {
        requireEtcd();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            EtcdProcess etcd = create("single");
            etcd.joinCluster(List.of(etcd));
            try {
                etcd.start();
                etcd.awaitHealthy();
                return etcd;
            } catch (IllegalStateException e) {
                // Most likely a free port was taken in between by another test run; try new ports.
                last = e;
                etcd.close();
            }
        }
        throw last;
    }

    public static void requireEtcd() {
        Required.onPath("etcd", "apt-get install etcd-server");
    }

    /** A member that is not started yet; used by {@link EtcdCluster}. */
    static EtcdProcess create(String name) {
        try {
            Path dir = Files.createTempDirectory("dynod-etcd-" + name + "-");
            return new EtcdProcess(name, dir, freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void joinCluster(List<EtcdProcess> members) {
        List<String> peers = new ArrayList<>();
        for (EtcdProcess member : members) {
            peers.add(member.name + "=" + member.peerUrl());
        }
        initialCluster = String.join(",", peers);
        clusterToken = "dynod-test-" + members.get(0).peerPort;
    }

    String name() {
        return name;
    }

    public int clientPort() {
        return clientPort;
    }

    public String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    private String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    void start() {
        if (isRunning()) {
            throw new IllegalStateException("etcd " + name + " is already running");
        }
        List<String> command = List.of("etcd",
                "--name", name,
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", clientUrl(),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl(),
                "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-token", clusterToken,
                "--initial-cluster-state", "new",
                "--logger", "zap",
                "--log-outputs", "stderr");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start etcd " + name, e);
        }
        RUNNING.add(process);
    }

    /** Waits until this member answers /health with a leader, or fails with the end of its log. */
    void awaitHealthy() {
        long end = System.nanoTime() + HEALTH_DEADLINE.toNanos();
        while (!healthy()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd " + name + " exited with status " + process.exitValue()
                        + ":\n" + logTail());
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("etcd " + name + " not healthy within " + HEALTH_DEADLINE
                        + ":\n" + logTail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private boolean healthy() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(clientUrl() + "/health"))
                    .timeout(Duration.ofSeconds(1)).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }

    /** Stops this member by its PID: SIGTERM, then SIGKILL if it is still alive after the deadline. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    /** Starts again on the same data dir and ports and waits until healthy. */
    public void restart() {
        stop();
        start();
        awaitHealthy();
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }

    private Path log() {
        return dir.resolve("etcd.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
