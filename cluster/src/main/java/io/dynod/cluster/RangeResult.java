package io.dynod.cluster;

import java.util.List;

/** The keys of one consistent read, sorted by key, and the store revision the read was taken at. */
public record RangeResult(long revision, List<KeyValue> kvs) {

    public RangeResult {
        kvs = List.copyOf(kvs);
    }
}
