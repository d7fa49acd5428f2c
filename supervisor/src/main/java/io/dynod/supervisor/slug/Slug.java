package io.dynod.supervisor.slug;

import java.nio.file.Path;

/**
 * An extracted slug.
 *
 * @param sha256 hex digest of the slug's {@code .tar.gz} bytes
 * @param root   the read-only app tree (the contents of {@code ./app/} for Heroku-layout slugs)
 */
public record Slug(String sha256, Path root) {
}
