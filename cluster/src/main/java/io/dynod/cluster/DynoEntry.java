package io.dynod.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The value of {@code /dynod/v1/dynos/<app>/<dyno>}: where one dyno listens and what it is doing,
 * written in full by its agent on every change (so a repeated write is harmless).
 *
 * @param host     the agent's advertised address
 * @param port     the dyno's {@code PORT} (0 when it has none)
 * @param state    Heroku's word: starting, up, idle, crashed, down
 * @param release  release version it runs
 * @param instance names this process of the dyno (changes on every start)
 */
public record DynoEntry(String host, int port, String state, int release, String instance) {

    public static final String UP = "up";

    public boolean isUp() {
        return UP.equals(state);
    }

    public String toJson() {
        return new JsonObject().put("host", host).put("port", port).put("state", state).put("release", release)
                .put("instance", instance).encode();
    }

    /** Reads a stored value; a value that is not a dyno entry fails naming its key and the field. */
    public static DynoEntry parse(String key, String json) {
        JsonObject o = object(key, json);
        String host = text(key, o, "host");
        String state = text(key, o, "state");
        Integer port = o.getInteger("port");
        if (port == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + ": field \"port\" must be 0-65535, got " + o.getValue("port"));
        }
        return new DynoEntry(host, port, state, o.getInteger("release", 0), o.getString("instance", ""));
    }

    static JsonObject object(String key, String json) {
        try {
            return new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException(key + ": value is not a JSON object: " + e.getMessage());
        }
    }

    static String text(String key, JsonObject o, String field) {
        Object value = o.getValue(field);
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(key + ": field \"" + field + "\" must be a non-empty string, got " + value);
        }
        return s;
    }
}
