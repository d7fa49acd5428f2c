package io.dynod.cluster;

import java.util.Optional;

/**
 * One change under a watched prefix. {@code prevKv} is the key as it was before the change, when
 * etcd still had it (it is null for the first put of a key).
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {

    public enum Type { PUT, DELETE }

    public String key() {
        return kv.key();
    }

    /** The store revision of this change; events arrive in increasing revision order. */
    public long revision() {
        return kv.modRevision();
    }

    public Optional<KeyValue> previous() {
        return Optional.ofNullable(prevKv);
    }
}
