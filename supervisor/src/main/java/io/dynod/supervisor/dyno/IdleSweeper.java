package io.dynod.supervisor.dyno;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts quiet apps to sleep (PRODUCT.md §4, idle sleep): every {@code every} it asks the
 * {@link DynoManager} to idle the apps whose {@link IdlePolicy} idle-after has passed since
 * their last traffic ({@link AppTraffic}). The check period bounds how late an app sleeps, not
 * how soon it wakes: waking is the router's request, handled at once.
 */
public final class IdleSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdleSweeper.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynod-idle-sweeper");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param appIdleAfter an app's own idle-after: empty = not set (the policy's default rule),
     *                     {@code Duration.ZERO} = off
     */
    public IdleSweeper(DynoManager manager, IdlePolicy policy, AppTraffic traffic,
                       Function<String, Optional<Duration>> appIdleAfter, Duration every) {
        long nanos = every.toNanos();
        timer.scheduleWithFixedDelay(() -> {
            try {
                List<String> slept = manager.idleQuietApps(policy, appIdleAfter, traffic::lastActivity)
                        .get(30, TimeUnit.SECONDS);
                if (!slept.isEmpty()) {
                    LOG.info("idled {} after no traffic", slept);
                }
            } catch (Exception e) {
                LOG.warn("idle check failed: {}", e.toString());
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
