package io.dynod.supervisor.cgroup;

/** A cgroup operation failed; the message names the file or directory. */
public class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
