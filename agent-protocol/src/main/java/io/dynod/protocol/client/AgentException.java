package io.dynod.protocol.client;

/**
 * A call to the agent that failed. {@code status} is the HTTP status, or 0 when no answer came
 * (then {@code id} is {@link #UNREACHABLE} or {@link #TIMEOUT}); {@code id} is the error id of
 * the agent's body ({@code bad_request}, {@code not_found}...); the message is one line for a user.
 */
public final class AgentException extends RuntimeException {

    public static final String UNREACHABLE = "unreachable";
    public static final String TIMEOUT = "timeout";
    public static final String BAD_RESPONSE = "bad_response";

    private final int status;
    private final String id;

    public AgentException(int status, String id, String message) {
        super(message);
        this.status = status;
        this.id = id;
    }

    public AgentException(int status, String id, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.id = id;
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }
}
