package io.dynod.router.table;

import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Waker} that asks an agent ({@code POST /v1/apps/{app}/wake}, {@code Unidling}) and then
 * reads the app's dynos to tell the hold what to expect: a web dyno starting or up → keep holding;
 * none in the formation → H14; all crashed → H10. The calls may block, so they run on
 * {@code executor}, never on an event loop. The two calls are the seam: the agent protocol's
 * client for a separate router, the agent's own app service in {@code dynod up}; either may throw
 * when the agent refuses.
 */
public final class AgentWaker implements Waker {

    private final Consumer<String> wakeCall;
    private final Function<String, List<Dyno>> dynosCall;
    private final Executor executor;

    public AgentWaker(Consumer<String> wake, Function<String, List<Dyno>> dynos, Executor executor) {
        this.wakeCall = wake;
        this.dynosCall = dynos;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Outcome> wake(String app) {
        return CompletableFuture.supplyAsync(() -> {
            wakeCall.accept(app);
            return outcome(dynosCall.apply(app));
        }, executor);
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
