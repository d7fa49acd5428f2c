package io.dynod.supervisor.state;

import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An app's desired state as stored on disk: its releases (oldest first; the last is current),
 * its formation ({@code type → quantity, size}) and its settings: {@code idleAfter} ({@code 30m},
 * {@code off}; null: the default rule) and {@code domains}. {@code updatedAt} is the last change.
 */
public record AppRecord(String name, Instant createdAt, List<ReleaseRecord> releases, Map<String, ScaleRecord> formation,
                        String idleAfter, List<String> domains, Instant updatedAt) {
    /** Heroku's app names: lower-case letter first, then letters, digits and dashes, at most 30. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,29}");

    /** One formation line on disk. */
    public record ScaleRecord(int quantity, String size) {
    }

    public AppRecord {
        requireValidName(name);
        releases = releases == null ? List.of() : List.copyOf(releases);
        formation = formation == null ? Map.of() : Map.copyOf(formation);
        domains = domains == null ? List.of() : List.copyOf(domains);
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    /** An app without settings. */
    public AppRecord(String name, Instant createdAt, List<ReleaseRecord> releases, Map<String, ScaleRecord> formation) {
        this(name, createdAt, releases, formation, null, List.of(), createdAt);
    }

    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad app name '" + name
                    + "': use lower-case letters, digits and '-', starting with a letter, at most 30");
        }
        return name;
    }

    public static AppRecord of(String name, Instant createdAt, List<Release> releases, Formation formation) {
        Map<String, ScaleRecord> scales = new TreeMap<>();
        formation.scales().forEach((type, scale) -> scales.put(type, new ScaleRecord(scale.quantity(), scale.size().name())));
        return new AppRecord(name, createdAt, releases.stream().map(ReleaseRecord::of).toList(), scales);
    }

    /** With settings: {@code idleAfter} null is the default rule. */
    public static AppRecord of(String name, Instant createdAt, List<Release> releases, Formation formation,
                               String idleAfter, List<String> domains, Instant updatedAt) {
        AppRecord plain = of(name, createdAt, releases, formation);
        return new AppRecord(name, createdAt, plain.releases(), plain.formation(), idleAfter, domains, updatedAt);
    }

    public List<Release> toReleases() {
        return releases.stream().map(ReleaseRecord::toRelease).toList();
    }

    public Formation toFormation() {
        Formation f = Formation.empty();
        for (Map.Entry<String, ScaleRecord> e : new TreeMap<>(formation).entrySet()) {
            f = f.with(e.getKey(), new Formation.Scale(e.getValue().quantity(), DynoSize.named(e.getValue().size())));
        }
        return f;
    }
}
