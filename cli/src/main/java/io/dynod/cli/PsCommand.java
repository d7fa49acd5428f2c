package io.dynod.cli;

import io.dynod.protocol.client.AgentClient;
import io.dynod.protocol.model.Dyno;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ps", mixinStandardHelpOptions = true, description = "List an app's dynos by type")
final class PsCommand implements Callable<Integer> {

    static final String ONE_OFF_TYPE = "run";

    @Mixin AgentOptions agent;
    @Mixin AppOption app;
    @Mixin JsonOutput json;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        String name = app.name();
        try (AgentClient client = agent.connect()) {
            List<Dyno> dynos = client.dynos(name);
            json.print(spec, dynos, () -> render(name, dynos, Instant.now(), ZoneId.systemDefault()));
        }
        return 0;
    }

    /**
     * Heroku's layout: one-offs first under {@code === run: one-off processes (N)}, then per type
     * {@code === web (standard-1x): java Hello.java web (2)} and a line per dyno,
     * {@code web.1: up 2026/11/26 11:02:03 +0000 (~ 8m ago)}.
     */
    static String render(String app, List<Dyno> dynos, Instant now, ZoneId zone) {
        if (dynos.isEmpty()) {
            return "No dynos on " + app + "\n";
        }
        Map<String, List<Dyno>> byType = new TreeMap<>();
        for (Dyno dyno : dynos) {
            byType.computeIfAbsent(dyno.type(), type -> new ArrayList<>()).add(dyno);
        }
        List<String> sections = new ArrayList<>();
        List<Dyno> oneOffs = byType.remove(ONE_OFF_TYPE);
        if (oneOffs != null) {
            StringBuilder section = new StringBuilder("=== run: one-off processes (" + oneOffs.size() + ")\n");
            for (Dyno dyno : sorted(oneOffs)) {
                section.append(dyno.name()).append(" (").append(dyno.size()).append("): ")
                        .append(stateLine(dyno, now, zone)).append(": ").append(dyno.command()).append('\n');
            }
            sections.add(section.toString());
        }
        byType.forEach((type, ofType) -> {
            Dyno first = ofType.get(0);
            StringBuilder section = new StringBuilder("=== " + type + " (" + first.size() + "): " + first.command()
                    + " (" + ofType.size() + ")\n");
            for (Dyno dyno : sorted(ofType)) {
                section.append(dyno.name()).append(": ").append(stateLine(dyno, now, zone)).append('\n');
            }
            sections.add(section.toString());
        });
        return String.join("\n", sections);
    }

    private static String stateLine(Dyno dyno, Instant now, ZoneId zone) {
        String state = dyno.state() == null ? "unknown" : dyno.state().wireName();
        return dyno.updatedAt() == null ? state : state + " " + HumanTime.withAge(dyno.updatedAt(), now, zone);
    }

    private static List<Dyno> sorted(List<Dyno> dynos) {
        return dynos.stream().sorted(Comparator.comparingInt(PsCommand::number)).toList();
    }

    private static int number(Dyno dyno) {
        return Integer.parseInt(dyno.name().substring(dyno.name().lastIndexOf('.') + 1));
    }
}
