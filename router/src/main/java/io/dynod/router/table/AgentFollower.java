package io.dynod.router.table;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.client.Subscription;
import io.dynod.protocol.model.Synced;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of a separate router ({@code dynod router --agent URL}): the agent's event stream
 * ({@code GET /v1/events}) fed into {@link AgentEventRoutes}. When the stream ends (the agent
 * restarts, the network breaks) the router keeps the last table, so the dynos that are up keep
 * being served, and reconnects every {@code retry}; the new snapshot replaces the table once it
 * is complete.
 */
public final class AgentFollower implements RouteSource {

    private static final Logger LOG = LoggerFactory.getLogger(AgentFollower.class);

    private final AgentClient client;
    private final AgentEventRoutes routes;
    private final Duration retry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynod-router-agent-events");
        t.setDaemon(true);
        return t;
    });
    private volatile Subscription subscription;
    private volatile boolean closed;
    private volatile boolean disconnected;

    public AgentFollower(AgentClient client, AgentEventRoutes routes, Duration retry) {
        this.client = client;
        this.routes = routes;
        this.retry = retry;
        timer.execute(this::connect);
    }

    @Override
    public void subscribe(Consumer<RouteTable> listener) {
        routes.subscribe(listener);
    }

    private void connect() {
        if (closed) {
            return;
        }
        routes.resync();
        Subscription s;
        try {
            s = client.events(event -> {
                if (event instanceof Synced && disconnected) {
                    disconnected = false;
                    LOG.info("agent event stream from {} is back", client.endpoint().url());
                }
                routes.accept(event);
            });
        } catch (RuntimeException e) {
            lost(e);
            return;
        }
        subscription = s;
        s.done().whenComplete((ok, error) -> lost(error));
    }

    private void lost(Throwable error) {
        if (closed) {
            return;
        }
        if (!disconnected) {
            disconnected = true;
            LOG.warn("agent event stream from {} ended ({}); serving the last routes, reconnecting every {}",
                    client.endpoint().url(), error == null ? "closed" : error.getMessage(), retry);
        }
        timer.schedule(this::connect, retry.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        closed = true;
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        timer.shutdownNow();
    }
}
