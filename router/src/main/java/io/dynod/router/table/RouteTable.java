package io.dynod.router.table;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of every app the router serves. A {@link RouteSource} publishes a new one
 * whenever dynos or domains change.
 *
 * @param baseDomain  {@code APP.<baseDomain>} reaches app {@code APP}
 * @param apps        the apps
 * @param defaultApp  the app for any host that matches nothing else, or empty (then: 404)
 */
public record RouteTable(String baseDomain, List<AppRoute> apps, Optional<String> defaultApp) {

    public RouteTable {
        requireNonNull(baseDomain, "baseDomain");
        apps = List.copyOf(apps);
        requireNonNull(defaultApp, "defaultApp");
        Map<String, String> seen = new HashMap<>();
        for (AppRoute app : apps) {
            if (seen.put("app:" + app.app(), app.app()) != null) {
                throw new IllegalArgumentException("app: " + app.app() + " listed twice");
            }
            for (String domain : app.domains()) {
                String other = seen.put(domain.toLowerCase(Locale.ROOT), app.app());
                if (other != null) {
                    throw new IllegalArgumentException("domain: " + domain + " claimed by both " + other
                            + " and " + app.app());
                }
            }
        }
        defaultApp.ifPresent(name -> {
            if (!seen.containsKey("app:" + name)) {
                throw new IllegalArgumentException("default app: " + name + " (expected: one of the apps)");
            }
        });
    }

    public static RouteTable empty(String baseDomain) {
        return new RouteTable(baseDomain, List.of(), Optional.empty());
    }
}
