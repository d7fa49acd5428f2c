package io.dynod.supervisor.dyno;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A dyno's name, {@code type.N}: {@code web.1}, {@code worker.2}, or {@code run.N} for a one-off.
 * Ordered by type, then by number (so {@code web.10} comes after {@code web.9}).
 */
public record DynoName(String type, int number) implements Comparable<DynoName> {
    /** Process type names as forego and {@code heroku local} accept them. */
    public static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
    public static final String ONE_OFF_TYPE = "run";
    private static final Comparator<DynoName> ORDER =
            Comparator.comparing(DynoName::type).thenComparingInt(DynoName::number);

    public DynoName {
        requireValidType(type);
        if (number < 1) {
            throw new IllegalArgumentException("dyno number must be at least 1, got " + number + " for type " + type);
        }
    }

    public static DynoName parse(String text) {
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("bad dyno name '" + text + "': expected TYPE.N such as web.1");
        }
        String digits = text.substring(dot + 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 9) {
            throw new IllegalArgumentException("bad dyno name '" + text + "': '" + digits + "' is not a dyno number");
        }
        try {
            return new DynoName(text.substring(0, dot), Integer.parseInt(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad dyno name '" + text + "': " + e.getMessage(), e);
        }
    }

    public static DynoName oneOff(int number) {
        return new DynoName(ONE_OFF_TYPE, number);
    }

    /** Throws unless {@code type} is a usable process type name. */
    public static String requireValidType(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("bad process type name '" + type
                    + "': use letters, digits, '_' and '-' (at most 63), not starting with '-'");
        }
        return type;
    }

    public boolean isOneOff() {
        return ONE_OFF_TYPE.equals(type);
    }

    @Override
    public int compareTo(DynoName other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return type + "." + number;
    }
}
