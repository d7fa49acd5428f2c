package io.dynod.supervisor.release;

/** A Procfile that cannot be used; the message names the file and line. */
public final class ProcfileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcfileException(String message) {
        super(message);
    }
}
