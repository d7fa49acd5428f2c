package io.dynod.cluster;

/**
 * No etcd member answered in time, or the one that answered could not serve the request (no
 * leader, timeout). For a write this means the outcome is unknown: it may still be applied, so
 * writes should be idempotent, and a create-if-absent should be settled by reading the key back.
 */
public class EtcdUnavailableException extends EtcdException {

    public EtcdUnavailableException(String message, Throwable cause) {
        super(message, NO_CODE, cause);
    }

    public EtcdUnavailableException(String message, int grpcCode) {
        super(message, grpcCode, null);
    }
}
