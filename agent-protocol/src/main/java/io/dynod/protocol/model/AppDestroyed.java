package io.dynod.protocol.model;

/** An app is gone, with all its dynos. */
public record AppDestroyed(String app) implements Event {

    public AppDestroyed {
        Names.appName(app);
    }
}
