package io.dynod.protocol.model;

/** An app was created or its settings (domains, idle-after) or current release changed. */
public record AppChanged(App app) implements Event {

    public AppChanged {
        Names.required("app", app);
    }
}
