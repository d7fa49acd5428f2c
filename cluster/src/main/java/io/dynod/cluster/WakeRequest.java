package io.dynod.cluster;

import io.vertx.core.json.JsonObject;

/**
 * The value of {@code /dynod/v1/wake/<app>}: which router asked, and when (epoch millis). The
 * key exists at most once per app (create-if-absent) and lives under the asking router's short
 * lease, so a wake nobody serves expires by itself.
 */
public record WakeRequest(String by, long atMillis) {

    public String toJson() {
        return new JsonObject().put("by", by).put("at", atMillis).encode();
    }

    public static WakeRequest parse(String key, String json) {
        JsonObject o = DynoEntry.object(key, json);
        return new WakeRequest(DynoEntry.text(key, o, "by"), o.getLong("at", 0L));
    }
}
