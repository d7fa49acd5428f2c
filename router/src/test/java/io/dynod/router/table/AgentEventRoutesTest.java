package io.dynod.router.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppChanged;
import io.dynod.protocol.model.AppDestroyed;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoState;
import io.dynod.protocol.model.DynoStateChanged;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.ReleaseRef;
import io.dynod.protocol.model.Synced;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AgentEventRoutesTest {

    private final AgentEventRoutes routes = new AgentEventRoutes("localhost", app -> app.equals("hello"));
    private final List<RouteTable> published = new CopyOnWriteArrayList<>();
    private static final ReleaseRef V1 = new ReleaseRef(1);

    private AppRoute app(String name) {
        return routes.current().apps().stream().filter(a -> a.app().equals(name)).findFirst().orElseThrow();
    }

    private static AppChanged appEvent(String name, List<String> domains) {
        return new AppChanged(new App(name, null, domains, V1, Instant.EPOCH, Instant.EPOCH));
    }

    private static EndpointChanged endpoint(String app, String dyno, int port, boolean up) {
        return new EndpointChanged(app, dyno, "127.0.0.1", port, up, V1);
    }

    @Test
    void upEndpointsAreRoutableAndAnAppWithNoneUpStaysToBeWoken() {
        routes.subscribe(published::add);
        routes.accept(appEvent("hello", List.of("hello.test")));
        routes.accept(appEvent("other", List.of()));
        assertThat(app("hello").endpoints()).isEmpty(); // asleep or booting: held and woken
        assertThat(app("hello").wakingPage()).isTrue();
        assertThat(app("other").wakingPage()).isFalse();

        routes.accept(endpoint("hello", "web.1", 5001, true));
        routes.accept(endpoint("hello", "web.2", 5002, true));
        assertThat(app("hello").endpoints()).containsExactlyInAnyOrder(Endpoint.up("web.1", "127.0.0.1", 5001),
                Endpoint.up("web.2", "127.0.0.1", 5002));
        assertThat(app("hello").domains()).containsExactly("hello.test");

        int tables = published.size();
        routes.accept(new DynoStateChanged("hello", "web.1", DynoState.UP, DynoState.IDLE, V1, Instant.EPOCH));
        routes.accept(new Synced(Instant.EPOCH));
        routes.accept(endpoint("hello", "web.2", 5002, true)); // a repeat (snapshot after subscribe)
        assertThat(published).hasSize(tables);

        routes.accept(endpoint("hello", "web.1", 5001, false));
        assertThat(app("hello").endpoints()).containsExactly(Endpoint.up("web.2", "127.0.0.1", 5002));

        routes.accept(new AppDestroyed("hello"));
        assertThat(routes.current().apps()).extracting(AppRoute::app).containsExactly("other");
    }

    @Test
    void aResyncKeepsServingTheLastTableUntilTheNewSnapshotIsComplete() {
        routes.accept(appEvent("hello", List.of()));
        routes.accept(endpoint("hello", "web.1", 5001, true));
        routes.accept(endpoint("hello", "web.2", 5002, true));
        routes.subscribe(published::add);
        int tables = published.size();

        routes.resync(); // the agent restarted: web.2 went away meanwhile, web.3 came
        routes.accept(appEvent("hello", List.of()));
        routes.accept(endpoint("hello", "web.1", 5001, true));
        routes.accept(endpoint("hello", "web.3", 5003, true));
        assertThat(published).hasSize(tables);
        assertThat(app("hello").endpoints()).extracting(Endpoint::dyno).containsExactlyInAnyOrder("web.1", "web.2");

        routes.accept(new Synced(Instant.EPOCH));
        assertThat(app("hello").endpoints()).extracting(Endpoint::dyno).containsExactlyInAnyOrder("web.1", "web.3");
    }

    @Test
    void aWakeExpectsABootOnlyWhenAWebDynoIsStartingOrUp() {
        assertThat(AgentWaker.outcome(List.of(dyno("web.1", DynoState.STARTING), dyno("worker.1", DynoState.IDLE))))
                .isEqualTo(Waker.Outcome.BOOTING);
        assertThat(AgentWaker.outcome(List.of(dyno("web.1", DynoState.CRASHED)))).isEqualTo(Waker.Outcome.CRASHED);
        assertThat(AgentWaker.outcome(List.of(dyno("worker.1", DynoState.UP)))).isEqualTo(Waker.Outcome.NO_WEB_DYNOS);
        assertThat(AgentWaker.outcome(List.of())).isEqualTo(Waker.Outcome.NO_WEB_DYNOS);
    }

    private static Dyno dyno(String name, DynoState state) {
        return new Dyno(name, name.substring(0, name.indexOf('.')), state, null, "cmd", V1, null, null,
                Instant.EPOCH, Instant.EPOCH);
    }
}
