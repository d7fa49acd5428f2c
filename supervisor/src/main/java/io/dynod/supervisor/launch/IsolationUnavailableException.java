package io.dynod.supervisor.launch;

/** The configuration demands dyno isolation and this host cannot provide it. */
public class IsolationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IsolationUnavailableException(String message) {
        super(message);
    }
}
