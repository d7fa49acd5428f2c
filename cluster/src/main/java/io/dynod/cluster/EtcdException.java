package io.dynod.cluster;

/**
 * etcd refused or failed a request. {@link #grpcCode()} is the gRPC status code etcd answered
 * with (for example 5 = NOT_FOUND for an unknown lease), or -1 when there was no answer.
 */
public class EtcdException extends RuntimeException {

    public static final int NO_CODE = -1;
    static final int NOT_FOUND = 5;
    static final int OUT_OF_RANGE = 11;
    static final int DEADLINE_EXCEEDED = 4;
    static final int UNAVAILABLE = 14;

    private final int grpcCode;

    public EtcdException(String message, int grpcCode, Throwable cause) {
        super(message, cause);
        this.grpcCode = grpcCode;
    }

    public EtcdException(String message, int grpcCode) {
        this(message, grpcCode, null);
    }

    public int grpcCode() {
        return grpcCode;
    }
}
