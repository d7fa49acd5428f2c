package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Formation;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.protocol.model.FormationSyntax;
import io.dynod.protocol.model.FormationUpdate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ps:scale", mixinStandardHelpOptions = true,
        description = "Set an app's formation: web=2:standard-2x worker=1 (also web+1, worker-1); without arguments, show it")
final class PsScaleCommand implements Callable<Integer> {

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Mixin JsonOutput json;
    @Parameters(paramLabel = "TYPE=QUANTITY[:SIZE]", arity = "0..*") List<String> entries;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        List<FormationSyntax.Change> changes = entries == null || entries.isEmpty() ? List.of() : FormationSyntax.parse(entries);
        try (AgentClient client = agent.connect()) {
            if (changes.isEmpty()) {
                List<Formation> formation = client.formation(name);
                json.print(spec, formation, () -> FormationSyntax.format(formation) + "\n");
                return 0;
            }
            Map<String, Integer> current = FormationSyntax.needsCurrent(changes)
                    ? client.formation(name).stream().collect(Collectors.toMap(Formation::type, Formation::quantity))
                    : Map.of();
            FormationBatch batch = FormationSyntax.toBatch(changes, current);
            List<Formation> after = client.updateFormation(name, batch);
            json.print(spec, after, () -> render(batch, after));
        }
        return 0;
    }

    /** {@code Scaling dynos... done, now running web at 2:standard-2x, worker at 1:standard-1x.} */
    static String render(FormationBatch batch, List<Formation> after) {
        Set<String> changed = batch.updates().stream().map(FormationUpdate::type).collect(Collectors.toSet());
        String running = after.stream()
                .filter(entry -> changed.contains(entry.type()))
                .map(entry -> entry.type() + " at " + entry.quantity() + ":" + entry.size())
                .collect(Collectors.joining(", "));
        return "Scaling dynos... done, now running " + running + ".\n";
    }
}
