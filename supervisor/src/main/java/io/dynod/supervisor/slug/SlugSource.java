package io.dynod.supervisor.slug;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Where a slug comes from: a local file (a path or a {@code file:} URL) or an {@code http(s):} URL. */
sealed interface SlugSource {

    /** {@code scheme:/...}; a plain path that merely holds a colon stays a path. */
    Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

    /** The location as the user wrote it, for messages. */
    String location();

    record LocalFile(String location, Path path) implements SlugSource {
    }

    record Remote(String location, URI uri) implements SlugSource {
    }

    static SlugSource parse(String location) throws SlugException {
        if (location == null || location.isBlank()) {
            throw new SlugException("slug location is empty");
        }
        if (!URL_SCHEME.matcher(location).matches()) {
            return localPath(location);
        }
        String scheme = location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
        try {
            URI uri = new URI(location);
            return switch (scheme) {
                case "http", "https" -> new Remote(location, uri);
                case "file" -> new LocalFile(location, Path.of(uri));
                default -> throw new SlugException("slug URL \"" + location
                        + "\" has an unsupported scheme (use a path, file:, http: or https:)");
            };
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new SlugException("slug URL \"" + location + "\" is malformed: " + e.getMessage(), e);
        }
    }

    private static SlugSource localPath(String location) throws SlugException {
        try {
            return new LocalFile(location, Path.of(location));
        } catch (InvalidPathException e) {
            throw new SlugException("slug path \"" + location + "\" is invalid: " + e.getMessage(), e);
        }
    }
}
