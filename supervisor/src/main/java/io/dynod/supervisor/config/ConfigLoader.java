package io.dynod.supervisor.config;

import io.dynod.supervisor.dyno.DynoPorts;
import io.dynod.supervisor.launch.IsolationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link SupervisorConfig} from, in order, a config file in systemd {@code EnvironmentFile}
 * form ({@code KEY=value} lines, {@code #} comments), the process environment, and flags; a
 * later source overrides an earlier one. In the file an unknown {@code DYNOD_} key or a bad value
 * is an error naming file and line; the environment is only read for the known keys.
 */
public final class ConfigLoader {

    public static final String HOME = "DYNOD_HOME";
    public static final String RUN_DIR = "DYNOD_RUN_DIR";
    public static final String CACHE_DIR = "DYNOD_CACHE_DIR";
    public static final String API_LISTEN = "DYNOD_API_LISTEN";
    public static final String BOOT_TIMEOUT = "DYNOD_BOOT_TIMEOUT";
    public static final String STOP_GRACE = "DYNOD_STOP_GRACE";
    public static final String MAX_BODY = "DYNOD_API_MAX_BODY";
    public static final String MAX_SLUG = "DYNOD_API_MAX_SLUG";
    public static final String ISOLATION = "DYNOD_ISOLATION";
    public static final String CGROUP_PREFIX = "DYNOD_CGROUP_PREFIX";
    public static final String IDLE_AFTER = "DYNOD_IDLE_AFTER";
    public static final String DYNO_PORTS = "DYNOD_DYNO_PORTS";
    /** Keys of agent.env that the launcher script or later features read; accepted and left alone here. */
    private static final Set<String> PASSED_ON = Set.of("DYNOD_JAVA_OPTS", "DYNOD_UID_RANGE",
            "DYNOD_ETCD_ENDPOINTS");
    private static final List<String> KEYS = List.of(HOME, RUN_DIR, CACHE_DIR, API_LISTEN, BOOT_TIMEOUT, STOP_GRACE,
            MAX_BODY, MAX_SLUG, ISOLATION, CGROUP_PREFIX, IDLE_AFTER, DYNO_PORTS);
    private static final Pattern LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})([KMG]?)");

    private ConfigLoader() {
    }

    /**
     * @param file         the {@code --config} file, or null
     * @param env          the process environment
     * @param flags        settings given as flags, by key
     * @param defaultHome  home when no source names one
     */
    public static SupervisorConfig load(Path file, Map<String, String> env, Map<String, String> flags, Path defaultHome)
            throws IOException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        if (file != null) {
            readFile(file, settings);
        }
        for (String key : KEYS) {
            String value = env.get(key);
            if (value != null && !value.isEmpty()) {
                settings.put(key, new Setting(value, "environment variable " + key));
            }
        }
        flags.forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting " + key);
            }
            settings.put(key, new Setting(value, "flag for " + key));
        });
        return build(settings, defaultHome);
    }

    private record Setting(String value, String origin) {
    }

    private static void readFile(Path file, Map<String, Setting> settings) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + ": expected KEY=value, got \"" + line + "\"");
            }
            String key = m.group(1);
            if (!KEYS.contains(key) && !PASSED_ON.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown setting " + key + " (known: "
                        + String.join(", ", KEYS) + ")");
            }
            settings.put(key, new Setting(unquote(m.group(2)), where));
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static SupervisorConfig build(Map<String, Setting> s, Path defaultHome) {
        Path home = s.containsKey(HOME) ? absolute(s.get(HOME)) : defaultHome;
        SupervisorConfig config = SupervisorConfig.defaults(home);
        Path runDir = s.containsKey(RUN_DIR) ? absolute(s.get(RUN_DIR)) : config.runDir();
        Path cacheDir = s.containsKey(CACHE_DIR) ? absolute(s.get(CACHE_DIR)) : config.cacheDir();
        String host = config.apiHost();
        int port = config.apiPort();
        if (s.containsKey(API_LISTEN)) {
            Setting listen = s.get(API_LISTEN);
            int colon = listen.value().lastIndexOf(':');
            if (colon <= 0) {
                throw bad(listen, "expected HOST:PORT like 127.0.0.1:5005");
            }
            host = listen.value().substring(0, colon);
            port = port(listen, listen.value().substring(colon + 1));
        }
        Duration boot = s.containsKey(BOOT_TIMEOUT) ? duration(s.get(BOOT_TIMEOUT)) : config.bootTimeout();
        Duration grace = s.containsKey(STOP_GRACE) ? duration(s.get(STOP_GRACE)) : config.stopGrace();
        long body = s.containsKey(MAX_BODY) ? size(s.get(MAX_BODY)) : config.maxBodyBytes();
        long slug = s.containsKey(MAX_SLUG) ? size(s.get(MAX_SLUG)) : config.maxSlugBytes();
        IsolationPolicy isolation = s.containsKey(ISOLATION) ? isolation(s.get(ISOLATION)) : config.isolation();
        String prefix = s.containsKey(CGROUP_PREFIX) ? s.get(CGROUP_PREFIX).value() : config.cgroupPrefix();
        Duration idleAfter = s.containsKey(IDLE_AFTER) ? idleAfter(s.get(IDLE_AFTER)) : config.idleAfter();
        DynoPorts ports = config.dynoPorts();
        if (s.containsKey(DYNO_PORTS)) {
            try {
                ports = DynoPorts.parse(s.get(DYNO_PORTS).value());
            } catch (IllegalArgumentException e) {
                throw bad(s.get(DYNO_PORTS), "expected LOW-HIGH like 20000-20999, 1024 <= LOW <= HIGH <= 65535");
            }
        }
        try {
            return new SupervisorConfig(home, runDir, cacheDir, host, port, boot, grace, body, slug, isolation, prefix,
                    idleAfter, ports);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent settings: " + e.getMessage(), e);
        }
    }

    private static Duration idleAfter(Setting s) {
        if (s.value().equals("off")) {
            return Duration.ZERO;
        }
        if (!DURATION.matcher(s.value()).matches()) {
            throw bad(s, "expected a duration like 5m or 1h, or off");
        }
        return duration(s);
    }

    private static IsolationPolicy isolation(Setting s) {
        return switch (s.value().toLowerCase(Locale.ROOT)) {
            case "prefer" -> IsolationPolicy.PREFER;
            case "require" -> IsolationPolicy.REQUIRE;
            case "off" -> IsolationPolicy.OFF;
            default -> throw bad(s, "expected prefer, require or off");
        };
    }

    private static Path absolute(Setting s) {
        Path p = Path.of(s.value());
        if (!p.isAbsolute()) {
            throw bad(s, "must be an absolute path");
        }
        return p;
    }

    private static int port(Setting s, String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65535) {
            throw bad(s, "port must be 0 to 65535");
        }
        return Integer.parseInt(text);
    }

    static Duration duration(Setting s) {
        Matcher m = DURATION.matcher(s.value());
        if (!m.matches()) {
            throw bad(s, "expected a duration like 500ms, 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static long size(Setting s) {
        Matcher m = SIZE.matcher(s.value().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(s, "expected a byte count like 1048576, 512K, 1M or 2G");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }

    private static IllegalArgumentException bad(Setting s, String rule) {
        return new IllegalArgumentException(s.origin() + ": \"" + s.value() + "\": " + rule);
    }
}
