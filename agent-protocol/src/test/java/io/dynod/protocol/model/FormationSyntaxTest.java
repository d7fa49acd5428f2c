package io.dynod.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.protocol.model.FormationSyntax.Change;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormationSyntaxTest {

    @Test
    void parsesTheCliSyntax() {
        assertThat(FormationSyntax.parse("web=2:standard-2x worker=1")).containsExactly(
                new Change("web", '=', 2, DynoSize.STANDARD_2X), new Change("worker", '=', 1, null));
    }

    @Test
    void acceptsHerokusCapitalisedSizesAndCommas() {
        assertThat(FormationSyntax.parse("web=3:Standard-2X,worker=0:Performance-L")).containsExactly(
                new Change("web", '=', 3, DynoSize.STANDARD_2X), new Change("worker", '=', 0, DynoSize.PERFORMANCE_L));
    }

    @Test
    void relativeChangesResolveAgainstTheCurrentFormation() {
        List<Change> changes = FormationSyntax.parse(List.of("web+2", "worker-5", "clock=1"));
        assertThat(FormationSyntax.needsCurrent(changes)).isTrue();
        FormationBatch batch = FormationSyntax.toBatch(changes, Map.of("web", 1, "worker", 3));
        assertThat(batch.updates()).containsExactly(
                new FormationUpdate("web", 3, null), new FormationUpdate("worker", 0, null),
                new FormationUpdate("clock", 1, null));
    }

    @Test
    void absoluteChangesNeedNoCurrentFormation() {
        List<Change> changes = FormationSyntax.parse("web=1");
        assertThat(FormationSyntax.needsCurrent(changes)).isFalse();
        assertThat(FormationSyntax.toBatch(changes, Map.of()).updates()).containsExactly(new FormationUpdate("web", 1, null));
    }

    @Test
    void badEntriesAreRejectedNamingTheEntry() {
        String syntax = ": expected TYPE=QUANTITY[:SIZE], like web=2:standard-2x (or web+1, web-1)";
        assertThatThrownBy(() -> FormationSyntax.parse("web")).hasMessage("formation \"web\"" + syntax);
        assertThatThrownBy(() -> FormationSyntax.parse("web=two")).hasMessage("formation \"web=two\"" + syntax);
        assertThatThrownBy(() -> FormationSyntax.parse("web=2:")).hasMessage("formation \"web=2:\"" + syntax);
        assertThatThrownBy(() -> FormationSyntax.parse("we.b=2")).hasMessage("formation \"we.b=2\"" + syntax);
        assertThatThrownBy(() -> FormationSyntax.parse("web=2:huge"))
                .hasMessage("dyno size \"huge\": must be one of eco, basic, standard-1x, standard-2x, performance-m, performance-l");
        assertThatThrownBy(() -> FormationSyntax.parse("web=101")).hasMessage("quantity of web 101: must be 0 to 100");
        assertThatThrownBy(() -> FormationSyntax.parse("web=1 web=2")).hasMessage("formation: process type web given twice");
        assertThatThrownBy(() -> FormationSyntax.parse("  ")).hasMessage(
                "formation is empty: expected TYPE=QUANTITY[:SIZE], like web=2:standard-2x");
    }

    @Test
    void formatsAFormationTheWayPsScaleShowsIt() {
        List<Formation> formation = List.of(
                new Formation("web", 2, DynoSize.STANDARD_2X, "java Hello.java web", null),
                new Formation("worker", 1, DynoSize.ECO, "java Hello.java worker", null));
        assertThat(FormationSyntax.format(formation)).isEqualTo("web=2:standard-2x worker=1:eco");
    }
}
