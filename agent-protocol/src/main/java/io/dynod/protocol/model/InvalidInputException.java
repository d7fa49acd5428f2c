package io.dynod.protocol.model;

/**
 * Input that breaks a rule of the agent protocol: a bad name, a bad formation, a malformed or
 * unknown JSON field. The message names the field and the rule; the agent answers it with
 * {@code 400 {"id":"bad_request","message":...}} and changes nothing.
 */
public final class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }
}
