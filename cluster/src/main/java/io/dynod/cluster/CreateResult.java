package io.dynod.cluster;

import java.util.Optional;

/**
 * Outcome of a create-if-absent transaction: either this caller created the key, or the key
 * already existed and {@code existing} is what another writer put there.
 */
public record CreateResult(boolean created, long revision, Optional<KeyValue> existing) {

    static CreateResult won(long revision) {
        return new CreateResult(true, revision, Optional.empty());
    }

    static CreateResult lost(long revision, KeyValue existing) {
        return new CreateResult(false, revision, Optional.of(existing));
    }
}
