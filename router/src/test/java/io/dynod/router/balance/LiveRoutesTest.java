package io.dynod.router.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveRoutesTest {

    private final LiveRoutes routes = new LiveRoutes();

    @Test
    void hostsResolveToAppsAndUnknownHostsToNothing() {
        routes.apply(new RouteTable("example.com", List.of(
                new AppRoute("shop", List.of("www.shop.io"), List.of(Endpoint.up("web.1", "127.0.0.1", 5001)))),
                Optional.empty()));
        assertThat(routes.resolve("shop.example.com").name()).isEqualTo("shop");
        assertThat(routes.resolve("SHOP.Example.COM:443").name()).isEqualTo("shop");
        assertThat(routes.resolve("www.shop.io").name()).isEqualTo("shop");
        assertThat(routes.resolve("blog.example.com")).isNull();
        assertThat(routes.resolve("example.com")).isNull();
        assertThat(routes.resolve(null)).isNull();
    }

    @Test
    void defaultAppCatchesEverythingElse() {
        routes.apply(new RouteTable("x", List.of(new AppRoute("any", List.of(), List.of())), Optional.of("any")));
        assertThat(routes.resolve("127.0.0.1:18099").name()).isEqualTo("any");
    }

    @Test
    void dynoStateSurvivesATableUpdate() {
        Endpoint web1 = Endpoint.up("web.1", "127.0.0.1", 5001);
        routes.apply(new RouteTable("x", List.of(new AppRoute("a", List.of(), List.of(web1))), Optional.empty()));
        LiveApp app = routes.resolve("a.x");
        LiveEndpoint live = app.endpoints()[0];
        live.requestStarted();
        live.quarantine(0, Long.MAX_VALUE / 2);
        routes.apply(new RouteTable("x", List.of(new AppRoute("a", List.of(), List.of(web1,
                Endpoint.up("web.2", "127.0.0.1", 5002)))), Optional.empty()));
        assertThat(routes.resolve("a.x")).isSameAs(app);
        assertThat(app.endpoints()).hasSize(2);
        assertThat(app.endpoints()[0]).isSameAs(live);
        assertThat(live.inFlight()).isEqualTo(1);
        assertThat(live.isQuarantined(1)).isTrue();
    }

    @Test
    void onlyUpDynosCount() {
        routes.apply(new RouteTable("x", List.of(new AppRoute("a", List.of(), List.of(
                new Endpoint("web.1", "127.0.0.1", 5001, false), Endpoint.up("web.2", "127.0.0.1", 5002)))),
                Optional.empty()));
        assertThat(routes.resolve("a.x").upCount()).isEqualTo(1);
        assertThat(P2cSelector.select(routes.resolve("a.x").endpoints(), 0, 0)).isEqualTo(1);
    }

    @Test
    void aDeltaChangesOnlyItsAppsAndKeepsEveryOtherLiveObject() {
        RouteTable first = new RouteTable("x", List.of(
                new AppRoute("a", List.of("a.io"), List.of(Endpoint.up("web.1", "127.0.0.1", 5001))),
                new AppRoute("b", List.of("b.io"), List.of(Endpoint.up("web.1", "127.0.0.1", 5002)))),
                Optional.empty());
        routes.apply(first);
        LiveApp a = routes.resolve("a.io");
        LiveApp b = routes.resolve("b.io");
        LiveEndpoint bWeb1 = b.endpoints()[0];
        Map<String, LiveApp> hosts = routes.apps();

        RouteTable dynoChange = first.change(List.of(new AppRoute("b", List.of("b.io"), List.of(
                new Endpoint("web.1", "127.0.0.1", 5002, false), Endpoint.up("web.2", "127.0.0.1", 5003)))), Set.of());
        routes.apply(dynoChange);
        assertThat(routes.apps()).as("no app came or went: same host maps").isSameAs(hosts);
        assertThat(routes.resolve("b.x")).isSameAs(b);
        assertThat(b.endpoints()[0]).isSameAs(bWeb1);
        assertThat(bWeb1.isUp()).isFalse();
        assertThat(b.upCount()).isEqualTo(1);
        assertThat(routes.resolve("a.io")).isSameAs(a);

        RouteTable moved = dynoChange.change(List.of(new AppRoute("a", List.of(),
                List.of(Endpoint.up("web.1", "127.0.0.1", 5001))),
                new AppRoute("c", List.of("a.io", "c.io"), List.of())), Set.of("b"));
        routes.apply(moved);
        assertThat(routes.resolve("b.x")).isNull();
        assertThat(routes.resolve("b.io")).isNull();
        assertThat(routes.resolve("a.io").name()).isEqualTo("c");
        assertThat(routes.resolve("c.io").name()).isEqualTo("c");
        assertThat(routes.resolve("a.x")).isSameAs(a);
        assertThat(routes.apps().keySet()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void aDeltaFromAnotherTableThanTheLastAppliedIsAppliedWhole() {
        RouteTable base = new RouteTable("x", List.of(new AppRoute("a", List.of(), List.of())), Optional.empty());
        RouteTable skipped = base.change(List.of(new AppRoute("b", List.of(), List.of())), Set.of());
        RouteTable next = skipped.change(List.of(new AppRoute("c", List.of(), List.of())), Set.of());
        routes.apply(base);
        routes.apply(next); // "skipped" never arrived here: its change (b) must show anyway
        assertThat(routes.apps().keySet()).containsExactlyInAnyOrder("a", "b", "c");
    }
}
