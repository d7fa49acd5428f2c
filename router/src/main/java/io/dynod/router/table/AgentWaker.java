package io.dynod.router.table;

import io.dynod.protocol.client.AgentException;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Waker} that asks an agent ({@code POST /v1/apps/{app}/wake}, {@code Unidling}) and then
 * reads the app's dynos to tell the hold what to expect: a web dyno starting or up → keep holding;
 * none in the formation → H14; all crashed → H10. The calls may block, so they run on
 * {@code executor}, never on an event loop. The two calls are the seam: the agent protocol's
 * client for a separate router, the agent's own app service in {@code dynod up}; either may throw
 * when the agent refuses. A separate router's agent may be away (restarting): a wake it cannot
 * deliver is tried again every {@code retry} for up to {@code giveUpAfter} (the hold timeout),
 * so requests held meanwhile are served once the agent is back rather than getting H20.
 */
public final class AgentWaker implements Waker {

    private static final Logger LOG = LoggerFactory.getLogger(AgentWaker.class);

    private final Consumer<String> wakeCall;
    private final Function<String, List<Dyno>> dynosCall;
    private final Executor executor;
    private final Duration retry;
    private final Duration giveUpAfter;

    /** A waker whose calls never fail for want of a connection ({@code dynod up}): no retries. */
    public AgentWaker(Consumer<String> wake, Function<String, List<Dyno>> dynos, Executor executor) {
        this(wake, dynos, executor, Duration.ZERO, Duration.ZERO);
    }

    public AgentWaker(Consumer<String> wake, Function<String, List<Dyno>> dynos, Executor executor,
                      Duration retry, Duration giveUpAfter) {
        this.wakeCall = wake;
        this.dynosCall = dynos;
        this.executor = executor;
        this.retry = retry;
        this.giveUpAfter = giveUpAfter;
    }

    @Override
    public CompletionStage<Outcome> wake(String app) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        executor.execute(() -> attempt(app, System.nanoTime() + giveUpAfter.toNanos(), outcome, true));
        return outcome;
    }

    private void attempt(String app, long giveUpAt, CompletableFuture<Outcome> outcome, boolean first) {
        try {
            wakeCall.accept(app);
            outcome.complete(outcome(dynosCall.apply(app)));
            if (!first) {
                LOG.info("woke {}: the agent is back", app);
            }
        } catch (AgentException e) {
            if (e.status() != 0 || System.nanoTime() - giveUpAt >= 0) {
                outcome.completeExceptionally(e);
                return;
            }
            if (first) {
                LOG.warn("cannot wake {} ({}); trying again every {} while its requests are held", app, e.getMessage(), retry);
            }
            CompletableFuture.delayedExecutor(retry.toNanos(), TimeUnit.NANOSECONDS, executor)
                    .execute(() -> attempt(app, giveUpAt, outcome, false));
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }

    static Outcome outcome(List<Dyno> dynos) {
        boolean anyWeb = false;
        for (Dyno d : dynos) {
            if (d.type().equals("web")) {
                anyWeb = true;
                if (d.state() == DynoState.STARTING || d.state() == DynoState.UP) {
                    return Outcome.BOOTING;
                }
            }
        }
        return anyWeb ? Outcome.CRASHED : Outcome.NO_WEB_DYNOS;
    }
}
