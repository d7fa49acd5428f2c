package io.dynod.supervisor.control;

/** The app exists already, or another change to it is in progress: the API answers 409 {@code conflict}. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
