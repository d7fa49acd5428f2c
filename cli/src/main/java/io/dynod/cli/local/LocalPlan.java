package io.dynod.cli.local;

import io.dynod.supervisor.release.ProcessType;
import io.dynod.supervisor.release.Procfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which instances {@code dynod local} runs and on which ports. PORT = base + 100 × the type's
 * position in the Procfile + instance index (foreman's rule; forego gives all instances one port).
 */
public final class LocalPlan {

    public static final int DEFAULT_BASE_PORT = 5000;

    private LocalPlan() {}

    /**
     * @param only a single process type to run (the PROCESS argument), or empty for all
     */
    public static List<ProcessSpec> plan(Procfile procfile, Formation formation, Optional<String> only, int basePort) {
        if (procfile.types().isEmpty()) {
            throw new LocalException(procfile.file() + ": no process types defined");
        }
        only.ifPresent(name -> requireType(procfile, name, "process"));
        formation.counts().keySet().forEach(name -> requireType(procfile, name, "-m"));
        List<ProcessSpec> specs = new ArrayList<>();
        for (int index = 0; index < procfile.types().size(); index++) {
            ProcessType type = procfile.types().get(index);
            if (only.isPresent() && !only.get().equals(type.name())) {
                continue;
            }
            int quantity = only.isPresent() && !formation.counts().containsKey(type.name())
                    ? Math.max(1, formation.quantity(type.name()))
                    : formation.quantity(type.name());
            for (int instance = 1; instance <= quantity; instance++) {
                int port = basePort + 100 * index + instance - 1;
                if (port > 65535) {
                    throw new LocalException("port " + port + " for " + type.name() + "." + instance
                            + " is above 65535; choose a lower base port with -p");
                }
                specs.add(new ProcessSpec(type.name(), instance, type.command(), port));
            }
        }
        if (specs.isEmpty()) {
            throw new LocalException("nothing to run: the formation scales every process type to 0");
        }
        return List.copyOf(specs);
    }

    /** Fails with a message naming the option and the types the Procfile does have. */
    public static void requireType(Procfile procfile, String name, String where) {
        if (procfile.type(name).isEmpty()) {
            throw new LocalException(where + ": no process type \"" + name + "\" in " + procfile.file()
                    + " (it has " + String.join(", ", procfile.names()) + ")");
        }
    }
}
