package io.dynod.supervisor.release;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An app's config vars: environment variable names ({@code [A-Za-z_][A-Za-z0-9_]*}, not starting
 * with {@code __}), values without NUL bytes, at most 32 KB of names plus values in all, as on
 * Heroku. Immutable; {@link #with} and {@link #without} return new sets (each change is a release).
 */
public final class ConfigVars {
    public static final int MAX_TOTAL_BYTES = 32 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ConfigVars EMPTY = new ConfigVars(new TreeMap<>());

    private final SortedMap<String, String> vars;

    private ConfigVars(SortedMap<String, String> vars) {
        this.vars = Collections.unmodifiableSortedMap(vars);
    }

    public static ConfigVars empty() {
        return EMPTY;
    }

    public static ConfigVars of(Map<String, String> vars) {
        return EMPTY.with(vars);
    }

    /** These vars with {@code changes} set (added or replaced). */
    public ConfigVars with(Map<String, String> changes) {
        TreeMap<String, String> next = new TreeMap<>(vars);
        changes.forEach((name, value) -> next.put(requireValidName(name), requireValidValue(name, value)));
        return checked(next);
    }

    /** These vars with {@code names} removed; removing a name that is not set is an error. */
    public ConfigVars without(Collection<String> names) {
        TreeMap<String, String> next = new TreeMap<>(vars);
        for (String name : names) {
            if (next.remove(name) == null) {
                throw new IllegalArgumentException("config var " + name + " is not set");
            }
        }
        return new ConfigVars(next);
    }

    public SortedMap<String, String> asMap() {
        return vars;
    }

    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad config var name '" + name
                    + "': use letters, digits and '_', not starting with a digit");
        }
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("bad config var name '" + name + "': names may not start with '__'");
        }
        return name;
    }

    private static String requireValidValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("config var " + name + " has no value");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("config var " + name + " contains a NUL byte");
        }
        return value;
    }

    private static ConfigVars checked(SortedMap<String, String> vars) {
        long total = 0;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("config vars total " + total + " bytes, over the limit of "
                    + MAX_TOTAL_BYTES + " bytes");
        }
        return new ConfigVars(vars);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigVars other && vars.equals(other.vars);
    }

    @Override
    public int hashCode() {
        return vars.hashCode();
    }

    /** Names only: values are often secrets and must not reach logs. */
    @Override
    public String toString() {
        return "ConfigVars" + vars.keySet();
    }
}
