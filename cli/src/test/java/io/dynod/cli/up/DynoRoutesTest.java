package io.dynod.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import io.dynod.supervisor.dyno.DynoName;
import io.dynod.supervisor.dyno.DynoState;
import io.dynod.supervisor.dyno.DynoStatus;
import io.dynod.router.table.Waker;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DynoRoutesTest {

    private final DynoRoutes routes = new DynoRoutes("localhost", "127.0.0.1");
    private final List<RouteTable> published = new CopyOnWriteArrayList<>();

    private AppRoute app(String name) {
        return routes.current().apps().stream().filter(a -> a.app().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void upWebDynosAreEndpointsAndEveryOtherStateTakesThemOut() {
        routes.subscribe(published::add);
        routes.app("hello", List.of("hello.test"), true);
        assertThat(app("hello").endpoints()).isEmpty(); // asleep or booting: held and woken
        assertThat(app("hello").wakingPage()).isTrue();

        routes.dynoChanged("hello", "web.1", DynoState.STARTING, OptionalInt.of(5001));
        routes.dynoChanged("hello", "web.1", DynoState.UP, OptionalInt.of(5001));
        routes.dynoChanged("hello", "web.2", DynoState.UP, OptionalInt.of(5002));
        routes.dynoChanged("hello", "worker.1", DynoState.UP, OptionalInt.empty());
        assertThat(app("hello").endpoints()).containsExactly(Endpoint.up("web.1", "127.0.0.1", 5001),
                Endpoint.up("web.2", "127.0.0.1", 5002));
        assertThat(app("hello").domains()).containsExactly("hello.test");

        routes.dynoChanged("hello", "web.1", DynoState.IDLE, OptionalInt.of(5001));
        assertThat(app("hello").endpoints()).containsExactly(Endpoint.up("web.2", "127.0.0.1", 5002));
        int tables = published.size();
        routes.dynoChanged("hello", "web.1", DynoState.DOWN, OptionalInt.of(5001)); // no change: no new table
        assertThat(published).hasSize(tables);

        routes.appRemoved("hello");
        assertThat(routes.current().apps()).isEmpty();
    }

    @Test
    void aWakeExpectsABootOnlyWhenAWebDynoIsStartingOrUp() {
        assertThat(ManagerWaker.outcome(List.of(status("web.1", DynoState.STARTING), status("worker.1", DynoState.IDLE))))
                .isEqualTo(Waker.Outcome.BOOTING);
        assertThat(ManagerWaker.outcome(List.of(status("web.1", DynoState.CRASHED)))).isEqualTo(Waker.Outcome.CRASHED);
        assertThat(ManagerWaker.outcome(List.of(status("worker.1", DynoState.UP)))).isEqualTo(Waker.Outcome.NO_WEB_DYNOS);
        assertThat(ManagerWaker.outcome(List.of())).isEqualTo(Waker.Outcome.NO_WEB_DYNOS);
    }

    private static DynoStatus status(String dyno, DynoState state) {
        return new DynoStatus(DynoName.parse(dyno), state, Instant.EPOCH, 1, -1, OptionalInt.empty());
    }
}
