package io.dynod.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormationTest {

    @Test
    void defaultRunsOneOfEveryTypeButRelease() {
        assertThat(Formation.DEFAULT.quantity("web")).isEqualTo(1);
        assertThat(Formation.DEFAULT.quantity("release")).isZero();
    }

    @Test
    void namedTypesOnlyWhenAllIsNotGiven() {
        Formation formation = Formation.parse("web=2, worker=1");
        assertThat(formation.quantity("web")).isEqualTo(2);
        assertThat(formation.quantity("worker")).isEqualTo(1);
        assertThat(formation.quantity("clock")).isZero();
    }

    @Test
    void allSetsTheRestAndNamesOverrideIt() {
        Formation formation = Formation.parse("all=2,worker=0,release=1");
        assertThat(formation.quantity("web")).isEqualTo(2);
        assertThat(formation.quantity("worker")).isZero();
        assertThat(formation.quantity("release")).isEqualTo(1);
        assertThat(Formation.parse("all=3").quantity("release")).isZero();
    }

    @Test
    void badFormationsNameTheBadPart() {
        assertThatThrownBy(() -> Formation.parse("web"))
                .hasMessage("\"web\" is not NAME=COUNT (e.g. web=2,worker=1 or all=1)");
        assertThatThrownBy(() -> Formation.parse("web=two"))
                .hasMessage("count for \"web\" must be a number from 0 to 100, not \"two\"");
        assertThatThrownBy(() -> Formation.parse("web=-1")).hasMessageContaining("not \"-1\"");
        assertThatThrownBy(() -> Formation.parse("web=1,,worker=1")).hasMessageStartingWith("\"\" is not NAME=COUNT");
        assertThatThrownBy(() -> Formation.parse("web=1,web=2")).hasMessage("\"web\" is given twice");
    }
}
