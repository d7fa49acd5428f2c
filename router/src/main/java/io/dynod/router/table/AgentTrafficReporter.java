package io.dynod.router.table;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic reports of a separate router ({@code dynod router --agent URL}): each interval's
 * active apps go to the agent ({@code POST /v1/traffic}) on a thread of their own, never the
 * router's event loop, with at most one report in flight. Apps that arrive while one is in
 * flight, and the apps of a report that failed, go with the next one; a failed report is tried
 * again every {@code retry} until the agent answers, so an agent restart does not make an active
 * app look quiet. A failure is logged once per outage.
 */
public final class AgentTrafficReporter implements TrafficListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentTrafficReporter.class);

    private final Consumer<Set<String>> report;
    private final Duration retry;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynod-router-traffic");
        t.setDaemon(true);
        return t;
    });
    /** Apps not yet reported; guarded by {@code this}. */
    private final Set<String> pending = new HashSet<>();
    /** A report is being sent or waits for its retry; guarded by {@code this}. */
    private boolean sending;
    /** Only the sender thread touches it. */
    private boolean failing;

    /**
     * @param report sends one report, blocking; throws when the agent did not take it
     */
    public AgentTrafficReporter(Consumer<Set<String>> report, Duration retry) {
        this.report = report;
        this.retry = retry;
    }

    @Override
    public void active(Set<String> apps) {
        synchronized (this) {
            pending.addAll(apps);
            if (sending) {
                return;
            }
            sending = true;
        }
        sender.execute(this::send);
    }

    private void send() {
        Set<String> batch;
        synchronized (this) {
            batch = Set.copyOf(pending);
            pending.clear();
        }
        boolean sent;
        try {
            report.accept(batch);
            sent = true;
        } catch (RuntimeException e) {
            sent = false;
            synchronized (this) {
                pending.addAll(batch);
            }
            if (!failing) {
                failing = true;
                LOG.warn("traffic report to the agent failed ({}); keeping the apps and trying again every {}",
                        e.getMessage(), retry);
            }
        }
        if (sent && failing) {
            failing = false;
            LOG.info("traffic reports reach the agent again");
        }
        synchronized (this) {
            if (pending.isEmpty()) {
                sending = false;
                return;
            }
        }
        if (sent) {
            sender.execute(this::send); // apps that came in while this one was in flight
        } else {
            sender.schedule(this::send, retry.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
