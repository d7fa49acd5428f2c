package io.dynod.supervisor.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.dyno.DynoName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormationPlannerTest {

    private static Formation formation(Object... typeQuantity) {
        Formation f = Formation.empty();
        for (int i = 0; i < typeQuantity.length; i += 2) {
            f = f.with((String) typeQuantity[i], new Formation.Scale((Integer) typeQuantity[i + 1], DynoSize.DEFAULT));
        }
        return f;
    }

    private static List<DynoName> names(String... names) {
        return Arrays.stream(names).map(DynoName::parse).toList();
    }

    @Test
    void scaleUpStartsMissingNumbersLowestFirst() {
        FormationPlanner.Plan plan = FormationPlanner.plan(formation("web", 3, "worker", 1), names("web.2"));
        assertThat(plan.toStart()).extracting(DynoName::toString).containsExactly("web.1", "web.3", "worker.1");
        assertThat(plan.toStop()).isEmpty();
    }

    @Test
    void scaleDownStopsHighestNumberedFirst() {
        FormationPlanner.Plan plan = FormationPlanner.plan(formation("web", 1), names("web.1", "web.3", "web.2", "web.4"));
        assertThat(plan.toStart()).isEmpty();
        assertThat(plan.toStop()).extracting(DynoName::toString).containsExactly("web.4", "web.3", "web.2");
    }

    @Test
    void scaling3To1To0To2() {
        List<DynoName> running = new ArrayList<>();
        int[] steps = {3, 1, 0, 2};
        List<List<String>> expected = List.of(
                List.of("web.1", "web.2", "web.3"), List.of("web.1"), List.of(), List.of("web.1", "web.2"));
        for (int i = 0; i < steps.length; i++) {
            FormationPlanner.Plan plan = FormationPlanner.plan(formation("web", steps[i]), running);
            running.removeAll(plan.toStop());
            running.addAll(plan.toStart());
            assertThat(running).extracting(DynoName::toString).containsExactlyInAnyOrderElementsOf(expected.get(i));
            assertThat(FormationPlanner.plan(formation("web", steps[i]), running).isEmpty()).isTrue();
        }
    }

    @Test
    void typesDroppedFromTheFormationAreStoppedAndOneOffsAreLeftAlone() {
        FormationPlanner.Plan plan = FormationPlanner.plan(formation("web", 1), names("web.1", "clock.1", "run.4520"));
        assertThat(plan.toStop()).extracting(DynoName::toString).containsExactly("clock.1");
    }

    @Test
    void stopOrderIsHighestNumberAcrossTypes() {
        FormationPlanner.Plan plan = FormationPlanner.plan(Formation.empty(), names("web.1", "worker.2", "web.3"));
        assertThat(plan.toStop()).extracting(DynoName::toString).containsExactly("web.3", "worker.2", "web.1");
    }

    @Test
    void formationValidatesAndPrintsLikePsScale() {
        Formation f = Formation.of(Map.of("web", new Formation.Scale(2, DynoSize.STANDARD_2X),
                "worker", new Formation.Scale(1, DynoSize.STANDARD_1X)));
        assertThat(f).hasToString("web=2:standard-2x worker=1:standard-1x");
        assertThat(f.restrictedTo(Set.of("web")).scales()).containsOnlyKeys("web");
        assertThat(f.quantity("clock")).isZero();
        assertThatThrownBy(() -> formation("web", 101)).hasMessageContaining("quantity must be 0..100");
        assertThatThrownBy(() -> formation("web", 60, "worker", 41)).hasMessageContaining("101 dynos, over the limit of 100");
        assertThatThrownBy(() -> formation("run", 1)).hasMessageContaining("one-off");
    }
}
