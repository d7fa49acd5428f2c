package io.dynod.supervisor.slug;

import java.io.IOException;

/** A slug that cannot be fetched, verified or safely extracted; the message says which and why. */
public class SlugException extends IOException {

    public SlugException(String message) {
        super(message);
    }

    public SlugException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A refused tar entry: names the entry as written in the archive, and the rule it breaks. */
    static SlugException refused(String entryName, String rule) {
        return new SlugException("slug entry \"" + entryName + "\" refused: " + rule);
    }
}
