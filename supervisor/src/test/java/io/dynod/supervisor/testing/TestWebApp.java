package io.dynod.supervisor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny web dyno for tests: waits {@code BOOT_DELAY_MS}, binds {@code PORT} on loopback, logs
 * {@code listening on PORT}, and answers every connection with {@code DYNO RELEASE_TAG} — except
 * {@code /ready}, which answers 503 until {@code READY_AFTER_MS} after binding.
 */
public final class TestWebApp {

    /** The shell command that runs this class as a dyno, with this JVM's java binary and the test classes. */
    public static String command() {
        try {
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            java.nio.file.Path classes = java.nio.file.Path.of(
                    TestWebApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return "exec " + javaBin + " -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx32m -cp " + classes + " "
                    + TestWebApp.class.getName();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("PORT"));
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("BOOT_DELAY_MS", "0")));
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + port);
            System.out.flush();
            long readyAt = System.nanoTime() + Long.parseLong(System.getenv().getOrDefault("READY_AFTER_MS", "0")) * 1_000_000;
            while (true) {
                try (Socket client = server.accept()) {
                    answer(client, System.nanoTime() - readyAt >= 0);
                } catch (IOException e) {
                    System.out.println("client error: " + e);
                }
            }
        }
    }

    private static void answer(Socket client, boolean ready) throws IOException {
        InputStream in = client.getInputStream();
        byte[] request = new byte[4096];
        int n = in.read(request);
        String firstLine = n <= 0 ? "" : new String(request, 0, n, StandardCharsets.US_ASCII).split("\r\n", 2)[0];
        boolean notYet = firstLine.startsWith("GET /ready ") && !ready;
        String body = System.getenv("DYNO") + " " + System.getenv().getOrDefault("RELEASE_TAG", "") + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(((notYet ? "HTTP/1.1 503 Service Unavailable" : "HTTP/1.1 200 OK") + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }
}
