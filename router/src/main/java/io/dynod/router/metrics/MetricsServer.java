package io.dynod.router.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dynod.router.table.RouteTable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The admin listener: {@code GET /metrics} in Prometheus text, {@code GET /routes} the table in service. It runs on its own single thread,
 * which is also where histogram snapshots are taken, so no event loop ever waits on a recorder.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    public static MetricsServer start(String host, int port, RouterMetrics metrics) throws IOException {
        return start(host, port, metrics, () -> RoutesJson.encode(RouteTable.empty("localhost")));
    }

    /** As {@link #start(String, int, RouterMetrics)}, with {@code GET /routes}: the table in service as JSON. */
    public static MetricsServer start(String host, int port, RouterMetrics metrics, Supplier<String> routes)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dynod-router-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        get(server, "/metrics", metrics::snapshot, "text/plain; version=0.0.4; charset=utf-8");
        get(server, "/routes", routes, "application/json");
        server.start();
        return new MetricsServer(server, thread);
    }

    /** {@code GET path} answers {@code body} (405 for any other method). */
    private static void get(HttpServer server, String path, Supplier<String> body, String type) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                send(exchange, body.get(), type);
            }
        });
    }

    private static void send(HttpExchange exchange, String text, String type) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
