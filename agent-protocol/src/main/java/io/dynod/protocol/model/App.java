package io.dynod.protocol.model;

import java.time.Instant;
import java.util.List;

/**
 * An app on an agent, shaped like Heroku's Platform API app. {@code idleAfter} null means the
 * default rule (eco web dynos sleep after 30 minutes); {@code release} is null before the first
 * release.
 */
public record App(
        String name,
        IdleAfter idleAfter,
        List<String> domains,
        ReleaseRef release,
        Instant createdAt,
        Instant updatedAt) {

    public App {
        Names.appName(name);
        domains = domains == null ? List.of() : List.copyOf(domains);
        domains.forEach(Names::domain);
    }
}
