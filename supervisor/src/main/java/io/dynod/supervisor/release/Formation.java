package io.dynod.supervisor.release;

import io.dynod.supervisor.dyno.DynoName;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** How many dynos of which size each process type should run. Immutable. */
public final class Formation {
    /** Heroku's default cap on dynos per app. */
    public static final int MAX_DYNOS = 100;
    private static final Formation EMPTY = new Formation(new TreeMap<>());

    /** One process type's line of the formation. */
    public record Scale(int quantity, DynoSize size) {
        public Scale {
            if (quantity < 0 || quantity > MAX_DYNOS) {
                throw new IllegalArgumentException("quantity must be 0.." + MAX_DYNOS + ", got " + quantity);
            }
            Objects.requireNonNull(size, "size");
        }
    }

    private final SortedMap<String, Scale> scales;

    private Formation(SortedMap<String, Scale> scales) {
        this.scales = Collections.unmodifiableSortedMap(scales);
    }

    public static Formation empty() {
        return EMPTY;
    }

    public static Formation of(Map<String, Scale> scales) {
        Formation f = EMPTY;
        for (Map.Entry<String, Scale> e : scales.entrySet()) {
            f = f.with(e.getKey(), e.getValue());
        }
        return f;
    }

    /** This formation with {@code type} set to {@code scale}; total dynos stay within {@link #MAX_DYNOS}. */
    public Formation with(String type, Scale scale) {
        DynoName.requireValidType(type);
        if (DynoName.ONE_OFF_TYPE.equals(type)) {
            throw new IllegalArgumentException("'" + DynoName.ONE_OFF_TYPE + "' is for one-off dynos and cannot be scaled");
        }
        TreeMap<String, Scale> next = new TreeMap<>(scales);
        next.put(type, Objects.requireNonNull(scale, "scale"));
        int total = next.values().stream().mapToInt(Scale::quantity).sum();
        if (total > MAX_DYNOS) {
            throw new IllegalArgumentException("formation asks for " + total + " dynos, over the limit of " + MAX_DYNOS);
        }
        return new Formation(next);
    }

    public int quantity(String type) {
        Scale scale = scales.get(type);
        return scale == null ? 0 : scale.quantity();
    }

    public DynoSize size(String type) {
        Scale scale = scales.get(type);
        return scale == null ? DynoSize.DEFAULT : scale.size();
    }

    public SortedMap<String, Scale> scales() {
        return scales;
    }

    /** Only the types a release can run; the rest count as zero. */
    public Formation restrictedTo(Set<String> types) {
        TreeMap<String, Scale> kept = new TreeMap<>(scales);
        kept.keySet().retainAll(types);
        return new Formation(kept);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Formation other && scales.equals(other.scales);
    }

    @Override
    public int hashCode() {
        return scales.hashCode();
    }

    /** {@code web=2:standard-2x worker=1:standard-1x}, as {@code ps:scale} prints it. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        scales.forEach((type, scale) -> out.append(out.length() == 0 ? "" : " ")
                .append(type).append('=').append(scale.quantity()).append(':').append(scale.size().name()));
        return out.toString();
    }
}
