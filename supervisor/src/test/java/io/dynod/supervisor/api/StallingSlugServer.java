package io.dynod.supervisor.api;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A slug URL that answers only when the test says so (then 404): keeps a release in progress. */
final class StallingSlugServer implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    volatile TestAgentApi.Answer result;
    volatile Exception failure;

    StallingSlugServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requested.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slug.tgz";
    }

    void awaitRequest() throws InterruptedException {
        if (!requested.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the agent never fetched " + url());
        }
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
