package io.dynod.protocol.model;

/** A release's status as Heroku's Platform API names it. */
public enum ReleaseStatus implements WireName {
    PENDING,
    SUCCEEDED,
    FAILED
}
