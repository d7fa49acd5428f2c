package io.dynod.cli.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many instances of each process type to run, from {@code -m web=2,worker=1} or
 * {@code all=1} (foreman's syntax). Types not named get the {@code all} count, which is 0 when a
 * formation names types without {@code all}, and 1 when no formation is given.
 */
public record Formation(Map<String, Integer> counts, OptionalInt all) {

    public static final Formation DEFAULT = new Formation(Map.of(), OptionalInt.of(1));

    public Formation {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** Parses {@code web=2,worker=1}; throws IllegalArgumentException with the bad part named. */
    public static Formation parse(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        OptionalInt all = OptionalInt.empty();
        for (String part : text.split(",", -1)) {
            String pair = part.strip();
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("\"" + pair + "\" is not NAME=COUNT (e.g. web=2,worker=1 or all=1)");
            }
            String name = pair.substring(0, eq).strip();
            int count = parseCount(name, pair.substring(eq + 1).strip());
            if (name.equals("all")) {
                all = OptionalInt.of(count);
            } else if (counts.putIfAbsent(name, count) != null) {
                throw new IllegalArgumentException("\"" + name + "\" is given twice");
            }
        }
        return new Formation(counts, all);
    }

    private static int parseCount(String name, String count) {
        try {
            int n = Integer.parseInt(count);
            if (n >= 0 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("count for \"" + name + "\" must be a number from 0 to 100, not \"" + count + "\"");
    }

    /** Instances of {@code type}; the {@code release} type runs only when named, as in heroku local. */
    public int quantity(String type) {
        Integer named = counts.get(type);
        if (named != null) {
            return named;
        }
        return type.equals("release") ? 0 : all.orElse(0);
    }
}
