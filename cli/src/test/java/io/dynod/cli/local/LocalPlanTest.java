package io.dynod.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.release.Procfile;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalPlanTest {

    private static final Procfile PROCFILE =
            Procfile.parse("Procfile", "web: a\nworker: b\nrelease: c\nclock: d\n");

    @Test
    void portIsBasePlusHundredPerProcfileLinePlusInstanceIndex() {
        assertThat(LocalPlan.plan(PROCFILE, Formation.parse("web=2,clock=2"), Optional.empty(), 5000)).containsExactly(
                new ProcessSpec("web", 1, "a", 5000),
                new ProcessSpec("web", 2, "a", 5001),
                new ProcessSpec("clock", 1, "d", 5300),
                new ProcessSpec("clock", 2, "d", 5301));
    }

    @Test
    void defaultFormationSkipsReleaseAsHerokuLocalDoes() {
        assertThat(LocalPlan.plan(PROCFILE, Formation.DEFAULT, Optional.empty(), 6000))
                .extracting(ProcessSpec::name)
                .containsExactly("web.1", "worker.1", "clock.1");
    }

    @Test
    void aNamedProcessRunsAloneWithItsFormationCountOrOne() {
        assertThat(LocalPlan.plan(PROCFILE, Formation.DEFAULT, Optional.of("release"), 5000))
                .containsExactly(new ProcessSpec("release", 1, "c", 5200));
        assertThat(LocalPlan.plan(PROCFILE, Formation.parse("worker=3"), Optional.of("worker"), 5000))
                .extracting(ProcessSpec::name).containsExactly("worker.1", "worker.2", "worker.3");
        assertThat(LocalPlan.plan(PROCFILE, Formation.parse("web=2"), Optional.of("worker"), 5000))
                .extracting(ProcessSpec::name).containsExactly("worker.1");
    }

    @Test
    void unknownTypesAndEmptyPlansAreErrors() {
        assertThatThrownBy(() -> LocalPlan.plan(PROCFILE, Formation.DEFAULT, Optional.of("wbe"), 5000))
                .isInstanceOf(LocalException.class)
                .hasMessage("process: no process type \"wbe\" in Procfile (it has web, worker, release, clock)");
        assertThatThrownBy(() -> LocalPlan.plan(PROCFILE, Formation.parse("wroker=1"), Optional.empty(), 5000))
                .hasMessageStartingWith("-m: no process type \"wroker\"");
        assertThatThrownBy(() -> LocalPlan.plan(PROCFILE, Formation.parse("web=0"), Optional.empty(), 5000))
                .hasMessage("nothing to run: the formation scales every process type to 0");
        assertThatThrownBy(() -> LocalPlan.plan(Procfile.parse("Procfile", "# nothing\n"), Formation.DEFAULT,
                        Optional.empty(), 5000))
                .hasMessage("Procfile: no process types defined");
    }

    @Test
    void portsAbove65535AreRefused() {
        assertThatThrownBy(() -> LocalPlan.plan(PROCFILE, Formation.DEFAULT, Optional.empty(), 65400))
                .hasMessage("port 65700 for clock.1 is above 65535; choose a lower base port with -p");
    }
}
