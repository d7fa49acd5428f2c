package io.dynod.protocol;

import io.dynod.protocol.model.Names;

/**
 * The paths of the agent protocol, shared by the client and the agent's server so they cannot
 * drift. Every name is checked before it goes into a path, so no escaping is needed.
 */
public final class ApiPaths {

    public static final String VERSION = "/v1";
    public static final String HEALTHZ = "/healthz";
    public static final String METRICS = "/metrics";
    public static final String APPS = VERSION + "/apps";
    public static final String EVENTS = VERSION + "/events";
    public static final String DRAIN = VERSION + "/drain";
    /** {@code POST}: a separate router's report of the apps that had traffic. */
    public static final String TRAFFIC = VERSION + "/traffic";

    /** Content type of the event and one-off output streams: one JSON document per line. */
    public static final String NDJSON = "application/x-ndjson";
    /** Content type of the log stream: one Heroku-format log line per line. */
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    /** Content type of a slug uploaded as the body of {@code POST /v1/apps/{app}/releases}. */
    public static final String SLUG = "application/gzip";

    private ApiPaths() {}

    public static String app(String app) {
        return APPS + "/" + Names.appName(app);
    }

    public static String releases(String app) {
        return app(app) + "/releases";
    }

    public static String rollback(String app, int version) {
        return releases(app) + "/" + version + "/rollback";
    }

    public static String formation(String app) {
        return app(app) + "/formation";
    }

    public static String dynos(String app) {
        return app(app) + "/dynos";
    }

    /** {@code DELETE} on it restarts one dyno ({@code web.1}) or every dyno of a type ({@code web}). */
    public static String dyno(String app, String dynoOrType) {
        return dynos(app) + "/" + Names.dynoOrType(dynoOrType);
    }

    public static String stopDyno(String app, String dyno) {
        return dynos(app) + "/" + Names.dynoName(dyno) + "/stop";
    }

    public static String configVars(String app) {
        return app(app) + "/config-vars";
    }

    public static String logStream(String app) {
        return app(app) + "/log-stream";
    }

    public static String wake(String app) {
        return app(app) + "/wake";
    }
}
