package io.dynod.protocol.model;

import java.util.List;

/**
 * The body of {@code PUT /v1/apps/{app}} (create, optional) and {@code PATCH /v1/apps/{app}}:
 * a null field leaves that setting as it is.
 */
public record AppSettings(IdleAfter idleAfter, List<String> domains) {

    public AppSettings {
        if (domains != null) {
            domains = List.copyOf(domains);
            domains.forEach(Names::domain);
        }
    }

    public static AppSettings none() {
        return new AppSettings(null, null);
    }
}
