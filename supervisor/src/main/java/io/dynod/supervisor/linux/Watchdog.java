package io.dynod.supervisor.linux;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code WATCHDOG=1} at half of the {@code WATCHDOG_USEC} systemd asks for, but only while
 * the process is really alive. A timer thread alone would prove nothing (it keeps ticking while
 * the event loop is stuck), so each tick hands the ping to {@code loop} (e.g. the Vert.x event
 * loop) and the ping is sent there, and only if the liveness check passes. While a handed-over
 * ping has not run yet, further ticks are skipped instead of queued, so a stalled loop sends
 * nothing, and a loop that recovers does not burst out a backlog of stale pings.
 */
public final class Watchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final SdNotify notify;
    private final Executor loop;
    private final BooleanSupplier alive;
    private final Duration pingInterval;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean pingPending = new AtomicBoolean();
    private final AtomicLong skippedTicks = new AtomicLong();
    private volatile boolean failing;
    private volatile boolean closed;

    private Watchdog(SdNotify notify, Duration pingInterval, Executor loop, BooleanSupplier alive) {
        this.notify = notify;
        this.pingInterval = pingInterval;
        this.loop = loop;
        this.alive = alive;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dynod-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts pinging if systemd asked this process for a watchdog ({@link #requestedTimeout});
     * empty otherwise, or when {@code notify} is disabled.
     *
     * @param loop runs each ping; pass the executor whose liveness the ping must prove, e.g. for a
     *     Vert.x event loop {@code task -> context.runOnContext(v -> task.run())}
     * @param alive checked on {@code loop} before each ping; false skips that ping
     */
    public static Optional<Watchdog> startFromEnvironment(
            SdNotify notify, Map<String, String> environment, Executor loop, BooleanSupplier alive) {
        if (!notify.enabled()) {
            return Optional.empty();
        }
        return requestedTimeout(environment, ProcessHandle.current().pid())
                .map(timeout -> start(notify, pingInterval(timeout), loop, alive));
    }

    /** Starts pinging every {@code pingInterval}, the first ping one interval from now. */
    public static Watchdog start(SdNotify notify, Duration pingInterval, Executor loop, BooleanSupplier alive) {
        if (pingInterval.isZero() || pingInterval.isNegative()) {
            throw new IllegalArgumentException("watchdog ping interval must be positive: " + pingInterval);
        }
        Watchdog watchdog = new Watchdog(notify, pingInterval, loop, alive);
        // Fixed delay, not fixed rate: after a stall the timer must not fire a burst to catch up.
        long nanos = pingInterval.toNanos();
        watchdog.timer.scheduleWithFixedDelay(watchdog::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        return watchdog;
    }

    /**
     * The watchdog timeout systemd set for {@code ownPid} ({@code WatchdogSec=}): WATCHDOG_USEC,
     * unless WATCHDOG_PID names another process (the variables leaked from a parent).
     *
     * @throws IllegalArgumentException when either variable is not a positive number
     */
    public static Optional<Duration> requestedTimeout(Map<String, String> environment, long ownPid) {
        String usec = environment.get(SystemdEnvironment.WATCHDOG_USEC);
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        long timeoutMicros = positive(SystemdEnvironment.WATCHDOG_USEC, usec);
        String pid = environment.get(SystemdEnvironment.WATCHDOG_PID);
        if (pid != null && !pid.isEmpty() && positive(SystemdEnvironment.WATCHDOG_PID, pid) != ownPid) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.multiplyExact(timeoutMicros, 1000L)));
    }

    /** Half the timeout, as sd_watchdog_enabled(3) recommends: one late ping is not fatal. */
    public static Duration pingInterval(Duration timeout) {
        return timeout.dividedBy(2);
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    /** Ticks that found the previous ping still waiting for the loop. */
    public long skippedTicks() {
        return skippedTicks.get();
    }

    /** Stops the pings; a ping already handed to the loop is not sent either. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    private void tick() {
        if (!pingPending.compareAndSet(false, true)) {
            skippedTicks.incrementAndGet();
            reportTrouble("the loop has not run the last ping for " + pingInterval.toMillis() + " ms");
            return;
        }
        try {
            loop.execute(this::ping);
        } catch (RejectedExecutionException e) {
            pingPending.set(false);
            reportTrouble("the loop refused the ping: " + e.getMessage());
        }
    }

    private void ping() {
        pingPending.set(false);
        if (closed) {
            return;
        }
        if (!alive.getAsBoolean()) {
            reportTrouble("the liveness check failed");
            return;
        }
        if (failing) {
            failing = false;
            log.info("watchdog: healthy again, pinging systemd");
        }
        notify.watchdog();
    }

    private void reportTrouble(String why) {
        if (!failing) {
            failing = true;
            log.warn("watchdog: not pinging systemd, {}; systemd restarts the service if this lasts", why);
        }
    }

    private static long positive(String name, String value) {
        try {
            long number = Long.parseLong(value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=\"" + value + "\": expected a positive number");
    }
}
