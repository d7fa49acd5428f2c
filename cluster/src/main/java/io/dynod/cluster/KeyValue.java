package io.dynod.cluster;

/**
 * One etcd key with its value and revisions, as etcd reports it. Keys and values are UTF-8 text;
 * {@code lease} is 0 when the key has no lease. In a delete event only {@code key} and
 * {@code modRevision} are set (the value is empty).
 */
public record KeyValue(String key, String value, long createRevision, long modRevision, long version, long lease) {
}
