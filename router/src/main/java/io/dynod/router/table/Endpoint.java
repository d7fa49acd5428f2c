package io.dynod.router.table;

import static java.util.Objects.requireNonNull;

/**
 * One web dyno as the router sees it.
 *
 * @param dyno the dyno's name, such as {@code web.1}, used in router log lines
 * @param host address the dyno listens on
 * @param port the dyno's {@code PORT}
 * @param up   whether the dyno is {@code up}; only up dynos receive traffic
 */
public record Endpoint(String dyno, String host, int port, boolean up) {

    public Endpoint {
        requireNonNull(dyno, "dyno");
        requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    public static Endpoint up(String dyno, String host, int port) {
        return new Endpoint(dyno, host, port, true);
    }
}
