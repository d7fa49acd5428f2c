package io.dynod.supervisor.release;

import io.dynod.supervisor.dyno.DynoName;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Release {@code vN} of an app: a slug, config vars and process types (type → command, from the
 * slug's Procfile or given explicitly). Immutable; a deploy or config change makes the next one.
 */
public record Release(int version, SlugRef slug, ConfigVars config, Map<String, String> processTypes,
                      Instant createdAt, String description) {

    public Release {
        if (version < 1) {
            throw new IllegalArgumentException("release version starts at v1, got v" + version);
        }
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(createdAt, "createdAt");
        description = description == null ? "" : description;
        TreeMap<String, String> types = new TreeMap<>();
        processTypes.forEach((type, command) -> {
            DynoName.requireValidType(type);
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("process type " + type + " has an empty command");
            }
            types.put(type, command);
        });
        processTypes = Collections.unmodifiableSortedMap(types);
    }

    /** {@code v1}, {@code v2}, … */
    public String name() {
        return "v" + version;
    }

    /** The next release: same slug and process types, new config (a config change). */
    public Release withConfig(ConfigVars newConfig, Instant at, String why) {
        return new Release(version + 1, slug, newConfig, processTypes, at, why);
    }

    /** The next release: a new slug with its process types, same config (a deploy). */
    public Release withSlug(SlugRef newSlug, Map<String, String> newTypes, Instant at, String why) {
        return new Release(version + 1, newSlug, config, newTypes, at, why);
    }
}
