package io.dynod.protocol.model;

/** A dyno's state as Heroku's Platform API names it. */
public enum DynoState implements WireName {
    STARTING,
    UP,
    CRASHED,
    DOWN,
    IDLE
}
