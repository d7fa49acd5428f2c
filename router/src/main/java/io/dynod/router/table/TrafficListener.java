package io.dynod.router.table;

import java.util.Set;

/**
 * Where the router reports which apps had traffic, so the agent idles only apps that had none
 * (PRODUCT.md §4, idle sleep). Called every report interval from a router thread, with the apps
 * that started a request, held one for a cold start, or kept a response stream or WebSocket open
 * during the interval; must not block.
 */
@FunctionalInterface
public interface TrafficListener {

    TrafficListener NONE = apps -> {};

    void active(Set<String> apps);
}
