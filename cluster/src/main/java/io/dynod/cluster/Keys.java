package io.dynod.cluster;

import java.util.Optional;

/**
 * dynod's key layout in etcd:
 * <pre>
 * /dynod/v1/apps/&lt;app&gt;           app record: domains, sleep state, formation (no lease)
 * /dynod/v1/dynos/&lt;app&gt;/&lt;dyno&gt;  dyno endpoint: host, port, state, release, instance (agent's lease)
 * /dynod/v1/wake/&lt;app&gt;           wake request, created only if absent (single flight)
 * /dynod/v1/wake-claims/&lt;app&gt;/&lt;rev&gt;  the agent serving the wake request created at rev (agent's lease)
 * </pre>
 * Names become single key segments, so they may not be empty, contain '/', spaces or control characters.
 */
public final class Keys {

    public static final String ROOT = "/dynod/v1/";
    public static final String APPS = ROOT + "apps/";
    public static final String DYNOS = ROOT + "dynos/";
    public static final String WAKE = ROOT + "wake/";
    public static final String WAKE_CLAIMS = ROOT + "wake-claims/";

    private static final int MAX_SEGMENT = 200;

    private Keys() {
    }

    public static String app(String app) {
        return APPS + segment("app", app);
    }

    public static String dyno(String app, String dyno) {
        return dynosOf(app) + segment("dyno", dyno);
    }

    /** The prefix of every dyno key of one app (ends with '/'). */
    public static String dynosOf(String app) {
        return DYNOS + segment("app", app) + "/";
    }

    public static String wake(String app) {
        return WAKE + segment("app", app);
    }

    /** Claim on the wake request of {@code app} created at {@code wakeRevision}: its creator serves it. */
    public static String wakeClaim(String app, long wakeRevision) {
        return WAKE_CLAIMS + segment("app", app) + "/" + wakeRevision;
    }

    /** The app of an app key, or empty when {@code key} is not one. */
    public static Optional<String> parseApp(String key) {
        return singleSegment(APPS, key);
    }

    /** The app of a wake key, or empty when {@code key} is not one. */
    public static Optional<String> parseWake(String key) {
        return singleSegment(WAKE, key);
    }

    /** App and dyno of a dyno key, or empty when {@code key} is not one. */
    public static Optional<DynoKey> parseDyno(String key) {
        if (!key.startsWith(DYNOS)) {
            return Optional.empty();
        }
        String rest = key.substring(DYNOS.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String app = rest.substring(0, slash);
        String dyno = rest.substring(slash + 1);
        return problem(app) == null && problem(dyno) == null
                ? Optional.of(new DynoKey(app, dyno))
                : Optional.empty();
    }

    /** The app and dyno names a dyno key is made of. */
    public record DynoKey(String app, String dyno) {
    }

    private static Optional<String> singleSegment(String prefix, String key) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = key.substring(prefix.length());
        return problem(name) == null ? Optional.of(name) : Optional.empty();
    }

    private static String segment(String what, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(what + " name \"" + name + "\" cannot be an etcd key segment: " + problem);
        }
        return name;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_SEGMENT) {
            return "it is longer than " + MAX_SEGMENT + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                return "it contains '/'";
            }
            if (c <= ' ' || c == 0x7f) {
                return "it contains a space or control character at index " + i;
            }
        }
        return null;
    }
}
