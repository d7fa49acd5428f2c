package io.dynod.cluster;

/** A lease granted by etcd: its id and the TTL etcd actually granted, in seconds. */
public record Lease(long id, long ttlSeconds) {
}
