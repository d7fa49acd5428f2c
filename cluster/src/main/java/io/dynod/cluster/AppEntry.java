package io.dynod.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The value of an app record ({@code /dynod/v1/apps/<app>/<agent>}): what a router needs of an app
 * even when none of its dynos runs. Each agent running the app writes its own record; readers
 * {@link #merge} them. Other fields may be present and are ignored.
 *
 * @param domains   custom domains that reach the app
 * @param sleeping  whether the app is asleep (its web dynos idle until a request wakes it)
 * @param formation dynos per process type (web, worker, ...) that the writer runs
 */
public record AppEntry(List<String> domains, boolean sleeping, Map<String, Integer> formation) {

    public AppEntry {
        domains = List.copyOf(domains);
        formation = Map.copyOf(formation);
    }

    public AppEntry(List<String> domains, boolean sleeping) {
        this(domains, sleeping, Map.of());
    }

    /** How many web dynos the record counts. */
    public int webDynos() {
        return formation.getOrDefault("web", 0);
    }

    /**
     * One view of an app from the records of every agent that runs it: all their domains, asleep
     * only when every record says so, formation summed per type; null when there is no record.
     */
    public static AppEntry merge(Collection<AppEntry> records) {
        if (records.isEmpty()) {
            return null;
        }
        Set<String> domains = new LinkedHashSet<>();
        boolean sleeping = true;
        Map<String, Integer> formation = new TreeMap<>();
        for (AppEntry r : records) {
            domains.addAll(r.domains());
            sleeping &= r.sleeping();
            r.formation().forEach((type, n) -> formation.merge(type, n, Integer::sum));
        }
        return new AppEntry(new ArrayList<>(domains), sleeping, formation);
    }

    public String toJson() {
        JsonObject counts = new JsonObject();
        new TreeMap<>(formation).forEach(counts::put);
        return new JsonObject().put("domains", new JsonArray(new ArrayList<>(domains))).put("sleeping", sleeping)
                .put("formation", counts).encode();
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
        return new AppEntry(domains, Boolean.TRUE.equals(sleeping), formation(key, o.getValue("formation")));
    }

    private static Map<String, Integer> formation(String key, Object raw) {
        Map<String, Integer> out = new TreeMap<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof JsonObject counts)) {
            throw new IllegalArgumentException(key + ": field \"formation\" must map process types to counts, got " + raw);
        }
        for (String type : counts.fieldNames()) {
            Object n = counts.getValue(type);
            if (!(n instanceof Integer count) || count < 0) {
                throw new IllegalArgumentException(key + ": field \"formation\" gives " + type + " " + n
                        + ", expected a count of 0 or more");
            }
            out.put(type, count);
        }
        return out;
    }
}
