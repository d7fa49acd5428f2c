package io.dynod.router.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the router knows about one app: its custom domains and its web dynos.
 *
 * @param app       the app's name; {@code APP.<domain>} reaches it
 * @param domains   custom domains (lower case, no port) that also reach it
 * @param endpoints its web dynos, in any state; an empty list means none in the formation (H14)
 */
public record AppRoute(String app, List<String> domains, List<Endpoint> endpoints) {

    public AppRoute {
        requireNonNull(app, "app");
        domains = List.copyOf(domains);
        endpoints = List.copyOf(endpoints);
    }
}
