package io.dynod.supervisor.control;

/** An unknown app, release or dyno: the API answers 404 {@code not_found}. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
