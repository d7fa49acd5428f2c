package io.dynod.cli.up;

import io.dynod.router.table.Waker;
import io.dynod.supervisor.dyno.AppTraffic;
import io.dynod.supervisor.dyno.DynoManager;
import io.dynod.supervisor.dyno.DynoState;
import io.dynod.supervisor.dyno.DynoStatus;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The router's {@link Waker} in {@code dynod up}: a wake goes straight to the dyno manager in the
 * same process ({@code Unidling}), and the app's web dynos say what the router should expect:
 * one starting or up → hold; none in the formation → H14; all crashed → H10. A wake counts as
 * traffic, so the idle sweep never puts an app back to sleep that is just waking.
 */
public final class ManagerWaker implements Waker {

    private final DynoManager manager;
    private final AppTraffic traffic;

    public ManagerWaker(DynoManager manager, AppTraffic traffic) {
        this.manager = manager;
        this.traffic = traffic;
    }

    @Override
    public CompletionStage<Outcome> wake(String app) {
        traffic.active(List.of(app));
        return manager.wake(app)
                .thenCompose(done -> manager.ps(app))
                .thenApply(ManagerWaker::outcome)
                .exceptionally(e -> Outcome.NO_WEB_DYNOS); // the app is gone
    }

    static Outcome outcome(List<DynoStatus> dynos) {
        boolean anyWeb = false;
        for (DynoStatus d : dynos) {
            if (d.name().type().equals("web")) {
                anyWeb = true;
                if (d.state() == DynoState.STARTING || d.state() == DynoState.UP) {
                    return Outcome.BOOTING;
                }
            }
        }
        return anyWeb ? Outcome.CRASHED : Outcome.NO_WEB_DYNOS;
    }
}
