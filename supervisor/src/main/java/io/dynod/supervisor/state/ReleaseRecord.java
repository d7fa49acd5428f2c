package io.dynod.supervisor.state;

import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import java.time.Instant;
import java.util.Map;

/** A {@link Release} as stored on disk. */
public record ReleaseRecord(int version, String slugSha256, Map<String, String> config,
                            Map<String, String> processTypes, Instant createdAt, String description) {

    public static ReleaseRecord of(Release release) {
        return new ReleaseRecord(release.version(), release.slug().sha256(), release.config().asMap(),
                release.processTypes(), release.createdAt(), release.description());
    }

    /** Validates everything again: a hand-edited file cannot smuggle in a bad name. */
    public Release toRelease() {
        return new Release(version, new SlugRef(slugSha256), ConfigVars.of(config == null ? Map.of() : config),
                processTypes == null ? Map.of() : processTypes, createdAt, description);
    }
}
