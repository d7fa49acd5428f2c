import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hello example app. {@code web} answers every path with the app name, the dyno name and a
 * request counter; {@code worker} logs a line every second. Only the JDK is needed.
 * {@code BOOT_DELAY_MS} delays binding {@code PORT}; header {@code Hello-Boot-Ms} reports how long
 * the web process took from its start to listening (what bench/cold-start.sh subtracts).
 */
public class Hello {
    public static void main(String[] args) throws Exception {
        String role = args.length > 0 ? args[0] : "web";
        if (role.equals("worker")) {
            work();
        } else {
            serve();
        }
    }

    static String appName() {
        String name = System.getenv("APP_NAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        Path cwd = Path.of("").toAbsolutePath().getFileName();
        return cwd == null ? "hello" : cwd.toString();
    }

    static String dynoName() {
        String dyno = System.getenv("DYNO");
        return dyno == null ? "web.1" : dyno;
    }

    static void serve() throws IOException, InterruptedException {
        long bootDelayMs = Long.parseLong(System.getenv().getOrDefault("BOOT_DELAY_MS", "0"));
        if (bootDelayMs > 0) {
            System.out.println("booting: waiting " + bootDelayMs + " ms before binding");
            Thread.sleep(bootDelayMs);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "5000"));
        AtomicLong counter = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        // the app's own boot time, from the JVM's start (a few ms after exec) to listening
        long bootMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String bootHeader = Long.toString(bootMs);
        server.createContext("/", exchange -> {
            long n = counter.incrementAndGet();
            byte[] body = ("Hello from " + appName() + " on " + dynoName() + ", request #" + n + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Hello-Boot-Ms", bootHeader);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("listening on port " + port + " as " + dynoName() + " (" + bootMs + " ms after start)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM received, shutting down");
            server.stop(0);
        }));
    }

    static void work() throws InterruptedException {
        long tick = 0;
        while (true) {
            System.out.println("worker " + dynoName() + " tick " + (++tick) + " at " + Instant.now());
            Thread.sleep(1000);
        }
    }
}
