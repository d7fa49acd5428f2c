package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DynoNameTest {

    @Test
    void parsesAndPrintsTypeDotNumber() {
        DynoName name = DynoName.parse("worker.12");
        assertThat(name.type()).isEqualTo("worker");
        assertThat(name.number()).isEqualTo(12);
        assertThat(name).hasToString("worker.12");
        assertThat(DynoName.parse("urgent-worker.3").type()).isEqualTo("urgent-worker");
    }

    @Test
    void oneOffDynosAreRunN() {
        assertThat(DynoName.oneOff(9157)).hasToString("run.9157");
        assertThat(DynoName.parse("run.4520").isOneOff()).isTrue();
        assertThat(DynoName.parse("web.1").isOneOff()).isFalse();
    }

    @Test
    void ordersByTypeThenNumericallyByNumber() {
        TreeSet<DynoName> names = new TreeSet<>(List.of(
                DynoName.parse("web.10"), DynoName.parse("worker.1"), DynoName.parse("web.9"), DynoName.parse("web.1")));
        assertThat(names).extracting(DynoName::toString).containsExactly("web.1", "web.9", "web.10", "worker.1");
    }

    @Test
    void rejectsMalformedNamesNamingTheProblem() {
        assertThatThrownBy(() -> DynoName.parse("web")).hasMessageContaining("bad dyno name 'web'");
        assertThatThrownBy(() -> DynoName.parse("web.")).hasMessageContaining("bad dyno name 'web.'");
        assertThatThrownBy(() -> DynoName.parse(".1")).hasMessageContaining("bad dyno name '.1'");
        assertThatThrownBy(() -> DynoName.parse("web.x")).hasMessageContaining("'x' is not a dyno number");
        assertThatThrownBy(() -> DynoName.parse("web.0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> DynoName.parse("we b.1")).hasMessageContaining("bad process type name 'we b'");
        assertThatThrownBy(() -> DynoName.parse("-web.1")).hasMessageContaining("not starting with '-'");
        assertThatThrownBy(() -> DynoName.parse("web.99999999999")).hasMessageContaining("not a dyno number");
    }
}
