package io.dynod.router.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the router knows about one app: its custom domains and its web dynos.
 *
 * @param app       the app's name; {@code APP.<domain>} reaches it
 * @param domains   custom domains (lower case, no port) that also reach it
 * @param endpoints its web dynos, in any state; with none up, a request is held while the app
 *                  is woken (and gets H14 when there is nothing to wake)
 * @param wakingPage whether a browser ({@code Accept: text/html}) waiting for a cold start gets a
 *                  "waking up" page that retries by itself, after the router's waking-page delay
 */
public record AppRoute(String app, List<String> domains, List<Endpoint> endpoints, boolean wakingPage) {

    public AppRoute {
        requireNonNull(app, "app");
        domains = List.copyOf(domains);
        endpoints = List.copyOf(endpoints);
    }

    public AppRoute(String app, List<String> domains, List<Endpoint> endpoints) {
        this(app, domains, endpoints, false);
    }
}
