package io.dynod.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests to one app through several routers, from a fixed number of workers, each at most one
 * request per {@code pace}; bounded by a request count and a time limit, whichever comes first.
 * Every request is kept as a {@link Shot}: when it started and ended, where it went, its request
 * id (sent by the client, so a failure can be found in the router's log) and the outcome.
 */
final class LoadLoop implements AutoCloseable {

    record Shot(long startNanos, long endNanos, int router, String requestId, int status, String body, String error) {
        boolean ok() {
            return status == 200;
        }

        @Override
        public String toString() {
            return "router " + router + " " + requestId + " → " + (error != null ? error : status + " " + body.strip());
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> routers;
    private final String host;
    private final long paceNanos;
    private final long maxRequests;
    private final long deadline;
    private final String tag;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Queue<Shot> shots = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    LoadLoop(String tag, List<URI> routers, String host, int workers, Duration pace, long maxRequests, Duration maxTime) {
        this.tag = tag;
        this.routers = List.copyOf(routers);
        this.host = host;
        this.paceNanos = pace.toNanos();
        this.maxRequests = maxRequests;
        this.deadline = System.nanoTime() + maxTime.toNanos();
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "load-" + tag + "-" + i);
            t.setDaemon(true);
            this.workers.add(t);
        }
        this.workers.forEach(Thread::start);
    }

    private void work() {
        while (!stopped.get() && System.nanoTime() - deadline < 0) {
            long n = issued.getAndIncrement();
            if (n >= maxRequests) {
                return;
            }
            long began = System.nanoTime();
            shots.add(shoot(n));
            long rest = paceNanos - (System.nanoTime() - began);
            if (rest > 0) {
                LockSupport.parkNanos(rest); // pacing of the load, not synchronisation
            }
        }
    }

    private Shot shoot(long n) {
        int router = (int) (n % routers.size());
        String id = String.format("fleet-%s-%012d", tag, n);
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(routers.get(router)).header("Host", host)
                    .header("X-Request-Id", id).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Shot(start, System.nanoTime(), router, id, r.statusCode(), r.body(), null);
        } catch (Exception e) {
            return new Shot(start, System.nanoTime(), router, id, -1, "", e.toString());
        }
    }

    /** Every request answered so far. */
    List<Shot> shots() {
        return List.copyOf(shots);
    }

    boolean running() {
        return workers.stream().anyMatch(Thread::isAlive);
    }

    /** Stops issuing and waits for the requests in flight. */
    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
