package io.dynod.supervisor.release;

import io.dynod.supervisor.dyno.DynoName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The difference between a formation and the dynos that exist. Type {@code t} at quantity
 * {@code q} means dynos {@code t.1 .. t.q}: missing ones are started (lowest number first), and
 * those numbered above {@code q} are stopped (highest number first), so scaling down always
 * removes the highest-numbered dynos. One-off {@code run.N} dynos are never touched.
 */
public final class FormationPlanner {

    /** What to do: start these, stop these, in this order. */
    public record Plan(List<DynoName> toStart, List<DynoName> toStop) {
        public Plan {
            toStart = List.copyOf(toStart);
            toStop = List.copyOf(toStop);
        }

        public boolean isEmpty() {
            return toStart.isEmpty() && toStop.isEmpty();
        }
    }

    private FormationPlanner() {
    }

    public static Plan plan(Formation desired, Collection<DynoName> existing) {
        Set<DynoName> have = new HashSet<>(existing);
        List<DynoName> toStart = new ArrayList<>();
        desired.scales().forEach((type, scale) -> {
            for (int n = 1; n <= scale.quantity(); n++) {
                DynoName name = new DynoName(type, n);
                if (!have.contains(name)) {
                    toStart.add(name);
                }
            }
        });
        List<DynoName> toStop = existing.stream()
                .filter(name -> !name.isOneOff() && name.number() > desired.quantity(name.type()))
                .distinct()
                .sorted(Comparator.comparingInt(DynoName::number).reversed().thenComparing(DynoName::type))
                .toList();
        return new Plan(toStart, toStop);
    }
}
