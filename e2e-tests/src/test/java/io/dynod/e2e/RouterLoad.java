package io.dynod.e2e;

import io.dynod.cli.testing.Await;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A bounded load on one app through a {@link RouterProcess}: {@code concurrency} workers each send
 * requests until stopped, up to {@code perWorker} requests and {@code timeLimit}, each
 * {@code pause} after the last one (zero: back to back; a pause shapes the load, it syncs nothing).
 * A request counts as failed unless it is a 200 whose body matches {@code answer}.
 */
final class RouterLoad {

    private final AtomicInteger served = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopped;

    private RouterLoad() {}

    static RouterLoad start(RouterProcess router, String app, Pattern answer, int concurrency, int perWorker,
                            Duration timeLimit, Duration pause) {
        RouterLoad load = new RouterLoad();
        long deadline = System.nanoTime() + timeLimit.toNanos();
        for (int w = 0; w < concurrency; w++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < perWorker && !load.stopped && System.nanoTime() < deadline; i++) {
                    try {
                        HttpResponse<String> r = router.http.send(router.request(app).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && answer.matcher(r.body()).matches()) {
                            load.served.incrementAndGet();
                        } else {
                            load.failures.add(r.statusCode() + " " + r.body());
                        }
                        if (!pause.isZero()) {
                            TimeUnit.NANOSECONDS.sleep(pause.toNanos());
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        load.failures.add(e.toString());
                    }
                }
            }, "router-load-" + w);
            t.setDaemon(true);
            t.start();
            load.workers.add(t);
        }
        return load;
    }

    int served() {
        return served.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code count} requests were served; fails when the load ended before. */
    void awaitServed(int count) {
        Await.until(Duration.ofSeconds(90), count + " requests served", () -> {
            if (served.get() >= count) {
                return true;
            }
            if (workers.stream().noneMatch(Thread::isAlive)) {
                throw new AssertionError("the load ended after " + served.get() + " requests; failures: " + failures);
            }
            return false;
        }, () -> served.get() + " served, failures: " + failures);
    }

    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
