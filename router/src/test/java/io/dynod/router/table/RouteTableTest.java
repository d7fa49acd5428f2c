package io.dynod.router.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static AppRoute app(String name, String... domains) {
        return new AppRoute(name, List.of(domains), List.of(Endpoint.up("web.1", "127.0.0.2", 5001)));
    }

    private final RouteTable whole = new RouteTable("x", List.of(app("b", "b.io"), app("a", "a.io"), app("c")),
            Optional.empty());

    @Test
    void aWholeTableKeepsItsOrderAndIsChecked() {
        assertThat(whole.apps()).extracting(AppRoute::app).containsExactly("b", "a", "c");
        assertThat(whole.delta()).isEmpty();
        assertThatThrownBy(() -> new RouteTable("x", List.of(app("a"), app("a")), Optional.empty()))
                .hasMessageContaining("app: a listed twice");
        assertThatThrownBy(() -> new RouteTable("x", List.of(app("a", "D.io"), app("b", "d.io")), Optional.empty()))
                .hasMessageContaining("claimed by both a and b");
        assertThatThrownBy(() -> new RouteTable("x", List.of(app("a")), Optional.of("z")))
                .hasMessageContaining("default app: z");
    }

    @Test
    void aChangeSharesEveryUntouchedAppAndSaysWhatChanged() {
        AppRoute a2 = app("a", "a.io", "www.a.io");
        RouteTable next = whole.change(List.of(a2, app("d")), Set.of("c"));

        assertThat(next.apps()).extracting(AppRoute::app).as("by name").containsExactly("a", "b", "d");
        assertThat(next.app("a")).isSameAs(a2);
        assertThat(next.app("b")).isSameAs(whole.app("b"));
        assertThat(next.app("c")).isNull();
        assertThat(next.delta()).contains(new RouteTable.Delta(whole.version(), Set.of("a", "c", "d")));
        assertThat(next.version()).isNotEqualTo(whole.version());
        assertThat(whole.app("c")).as("the old table is untouched").isNotNull();
        assertThat(next).isEqualTo(new RouteTable("x", List.of(a2, app("b", "b.io"), app("d")), Optional.empty()));
    }

    @Test
    void aChangeIsCheckedLikeAWholeTable() {
        assertThatThrownBy(() -> whole.change(List.of(app("d", "B.io")), Set.of()))
                .hasMessageContaining("domain: B.io claimed by both b and d");
        // a domain may move from one app to another within one change
        RouteTable moved = whole.change(List.of(app("b"), app("d", "b.io")), Set.of());
        assertThat(moved.app("d").domains()).containsExactly("b.io");
        RouteTable freed = whole.change(List.of(), Set.of("b")).change(List.of(app("e", "b.io")), Set.of());
        assertThat(freed.app("e").domains()).containsExactly("b.io");

        RouteTable withDefault = new RouteTable("x", List.of(app("a")), Optional.of("a"));
        assertThatThrownBy(() -> withDefault.change(List.of(), Set.of("a")))
                .hasMessageContaining("default app: a cannot be removed");
    }
}
