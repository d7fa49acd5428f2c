package io.dynod.cluster;

/** The store revision after a delete, and how many keys it removed (0 when none matched). */
public record DeleteResult(long revision, long deleted) {
}
