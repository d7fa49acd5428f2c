package io.dynod.cluster;

import java.util.Optional;

/**
 * dynod's key layout in etcd:
 * <pre>
 * /dynod/v1/apps/&lt;app&gt;/&lt;agent&gt;   one agent's record of the app: domains, sleep state, formation (agent's lease)
 * /dynod/v1/apps/&lt;app&gt;           an app record written by hand or by a control plane (no lease)
 * /dynod/v1/dynos/&lt;app&gt;/&lt;dyno&gt;@&lt;agent&gt;  dyno endpoint: host, port, state, release, instance (agent's lease)
 * /dynod/v1/traffic/&lt;app&gt;/&lt;router&gt;  the app had traffic at this router (router's lease)
 * /dynod/v1/wake/&lt;app&gt;           wake request, created only if absent (single flight)
 * /dynod/v1/wake-claims/&lt;app&gt;/&lt;rev&gt;  the agent serving the wake request created at rev (agent's lease)
 * </pre>
 * Several agents may run the same app (each deploys and scales its own copy), so an agent writes
 * only keys that carry its own id: two agents never write one key, and readers merge per app.
 * Names become single key segments, so they may not be empty, contain '/', spaces or control characters.
 */
public final class Keys {

    public static final String ROOT = "/dynod/v1/";
    public static final String APPS = ROOT + "apps/";
    public static final String DYNOS = ROOT + "dynos/";
    public static final String WAKE = ROOT + "wake/";
    public static final String WAKE_CLAIMS = ROOT + "wake-claims/";
    public static final String TRAFFIC = ROOT + "traffic/";

    private static final int MAX_SEGMENT = 200;

    private Keys() {
    }

    public static String app(String app) {
        return APPS + segment("app", app);
    }

    public static String dyno(String app, String dyno) {
        return dynosOf(app) + segment("dyno", dyno);
    }

    /** The key of a dyno run by one agent of a fleet: {@code web.1@agent-10.0.0.5}, unique per app across agents. */
    public static String dyno(String app, String dyno, String agent) {
        return dyno(app, segment("dyno", dyno) + "@" + segment("agent", agent));
    }

    /** One agent's record of an app. */
    public static String app(String app, String agent) {
        return app(app) + "/" + segment("agent", agent);
    }

    /** The traffic mark of {@code app} at one router. */
    public static String traffic(String app, String router) {
        return TRAFFIC + segment("app", app) + "/" + segment("router", router);
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

    /**
     * App and writer of an app record: {@code apps/<app>/<agent>}, or {@code apps/<app>} with an
     * empty writer; empty when {@code key} is neither.
     */
    public static Optional<RecordKey> parseAppRecord(String key) {
        return parsePair(APPS, key, true);
    }

    /** App and router of a traffic mark, or empty when {@code key} is not one. */
    public static Optional<RecordKey> parseTraffic(String key) {
        return parsePair(TRAFFIC, key, false);
    }

    /** An app and who wrote the record about it ("" when nobody in particular). */
    public record RecordKey(String app, String writer) {
    }

    private static Optional<RecordKey> parsePair(String prefix, String key, boolean writerOptional) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return writerOptional && problem(rest) == null ? Optional.of(new RecordKey(rest, "")) : Optional.empty();
        }
        String app = rest.substring(0, slash);
        String writer = rest.substring(slash + 1);
        return problem(app) == null && problem(writer) == null
                ? Optional.of(new RecordKey(app, writer))
                : Optional.empty();
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
