package io.dynod.protocol.model;

/** The slug of a release: its content hash (slugs are cached by sha256) and size in bytes. */
public record SlugRef(String sha256, Long size) {

    public SlugRef {
        Names.sha256(sha256);
    }
}
