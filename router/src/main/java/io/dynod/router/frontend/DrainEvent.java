package io.dynod.router.frontend;

/** Fired into every client pipeline when the router starts a graceful stop. */
public enum DrainEvent {
    INSTANCE
}
