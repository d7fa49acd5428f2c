package io.dynod.supervisor.launch;

import io.dynod.supervisor.release.DynoSize;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One dyno to start: the app, its name ({@code web.1}), the Procfile command, the app's config
 * vars, the port (web dynos) and size, and the extracted slug tree.
 */
public record DynoSpec(String app, String dyno, String command, Map<String, String> configVars,
        OptionalInt port, DynoSize size, Path slugDir) {
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    private static final Pattern DYNO = Pattern.compile("[a-z][a-z0-9_-]{0,29}\\.[0-9]{1,5}");
    private static final Pattern VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public DynoSpec {
        check(APP, app, "app name");
        check(DYNO, dyno, "dyno name");
        if (command.isBlank() || command.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("dyno " + dyno + ": command must be non-blank text");
        }
        configVars.forEach((k, v) -> {
            check(VAR, k, "config var name");
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("config var " + k + " contains a NUL byte");
            }
        });
        configVars = Map.copyOf(configVars);
        if (!slugDir.isAbsolute()) {
            throw new IllegalArgumentException("slug dir must be absolute: " + slugDir);
        }
    }

    private static void check(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must match " + pattern);
        }
    }

    /** Exactly what the dyno sees: config vars, then PORT, DYNO and HOME, which the platform owns. */
    public Map<String, String> environment(String home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.putAll(configVars);
        port.ifPresent(p -> env.put("PORT", Integer.toString(p)));
        env.put("DYNO", dyno);
        env.put("HOME", home);
        return env;
    }
}
