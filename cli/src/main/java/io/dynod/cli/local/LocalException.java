package io.dynod.cli.local;

/** {@code dynod local} cannot start; the message is one line naming the file, option or process. */
public final class LocalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalException(String message) {
        super(message);
    }
}
