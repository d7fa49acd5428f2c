package io.dynod.cli.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment of each instance: the real environment, then .env files, then PORT, DYNO and PS. */
public final class ProcessEnvironment {

    private ProcessEnvironment() {}

    /** The real environment overridden by each .env file in turn (later files win). */
    public static Map<String, String> merge(Map<String, String> real, List<DotEnv> files) {
        Map<String, String> env = new LinkedHashMap<>(real);
        for (DotEnv file : files) {
            env.putAll(file.values());
        }
        return env;
    }

    static Map<String, String> forInstance(Map<String, String> base, ProcessSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("PORT", Integer.toString(spec.port()));
        env.put("DYNO", spec.name());
        env.put("PS", spec.name());
        return Map.copyOf(env);
    }
}
