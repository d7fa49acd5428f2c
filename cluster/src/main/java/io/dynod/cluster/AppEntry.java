package io.dynod.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of {@code /dynod/v1/apps/<app>}: what a router needs of an app even when none of its
 * dynos runs. Other fields (formation summary, release) may be present and are ignored here.
 *
 * @param domains  custom domains that reach the app
 * @param sleeping whether the app is asleep (its dynos idle until a request wakes it)
 */
public record AppEntry(List<String> domains, boolean sleeping) {

    public AppEntry {
        domains = List.copyOf(domains);
    }

    public String toJson() {
        return new JsonObject().put("domains", new JsonArray(new ArrayList<>(domains))).put("sleeping", sleeping).encode();
    }

    public static AppEntry parse(String key, String json) {
        JsonObject o = DynoEntry.object(key, json);
        Object rawDomains = o.getValue("domains");
        List<String> domains = new ArrayList<>();
        if (rawDomains != null) {
            if (!(rawDomains instanceof JsonArray array)) {
                throw new IllegalArgumentException(key + ": field \"domains\" must be a list of names, got " + rawDomains);
            }
            for (Object d : array) {
                if (!(d instanceof String s) || s.isEmpty()) {
                    throw new IllegalArgumentException(key + ": field \"domains\" holds " + d + ", expected a domain name");
                }
                domains.add(s);
            }
        }
        Object sleeping = o.getValue("sleeping");
        if (sleeping != null && !(sleeping instanceof Boolean)) {
            throw new IllegalArgumentException(key + ": field \"sleeping\" must be true or false, got " + sleeping);
        }
        return new AppEntry(domains, Boolean.TRUE.equals(sleeping));
    }
}
