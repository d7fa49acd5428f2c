package io.dynod.router.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Everything the router can be told, with Heroku's defaults (PRODUCT.md §5). Immutable; tests and
 * the CLI change fields through {@link #builder()}.
 *
 * @param bindHost           address the public listener binds to
 * @param port               public HTTP port; 0 picks a free one
 * @param adminPort          port of the {@code /metrics} listener; 0 picks a free one, -1 turns it off
 * @param eventLoops         number of event-loop threads; 0 means one per available CPU
 * @param connectTimeout     per connection attempt to a dyno (Heroku: 5 s)
 * @param firstByteTimeout   from the request being sent to the first response byte (H12, 30 s)
 * @param idleTimeout        rolling inactivity window once an exchange is under way (H15/H28, 55 s)
 * @param clientIdleTimeout  how long a kept-alive client connection may wait for its next request
 * @param headerReadTimeout  slowloris defence: from a request's first byte to its complete head
 * @param quarantine         how long a dyno that refused a connection is skipped (5 s)
 * @param drainTimeout       how long a graceful stop waits for in-flight requests
 * @param backendIdleTimeout how long an unused pooled connection to a dyno is kept
 * @param maxRequestLine     request line limit in bytes (8 KB)
 * @param maxHeaderLine      limit for each request header line in bytes (8 KB)
 * @param maxHeaders         limit for the number of request headers (1,000)
 * @param maxHeaderBlock     limit for all request header bytes together, bounding memory per connection
 * @param maxResponseHeaderBlock limit for a dyno's response head (Heroku: 512 KB per line)
 * @param inFlightPerDyno    per-app in-flight cap is this times the number of up dynos (200)
 * @param maxConnectAttempts connection attempts per request across dynos (Heroku: 10)
 * @param maxIdlePerDyno     pooled idle connections kept per dyno and event loop
 * @param forwardedProto     value of {@code X-Forwarded-Proto} (TLS is terminated in front of us)
 * @param holdTimeout        how long a request waits for a sleeping or starting app (H20, 75 s)
 * @param maxHeldPerApp      requests held per app while it wakes; more get a 503 (D11)
 * @param maxHeldBytesPerApp request-head bytes held per app while it wakes (bodies stay in the socket)
 * @param wakingPageDelay    how long a browser waits before an opted-in app's "waking up" page
 * @param trafficInterval    how often apps with traffic are reported for idle sleep
 */
public record RouterConfig(
        String bindHost,
        int port,
        int adminPort,
        int eventLoops,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration clientIdleTimeout,
        Duration headerReadTimeout,
        Duration quarantine,
        Duration drainTimeout,
        Duration backendIdleTimeout,
        int maxRequestLine,
        int maxHeaderLine,
        int maxHeaders,
        int maxHeaderBlock,
        int maxResponseHeaderBlock,
        int inFlightPerDyno,
        int maxConnectAttempts,
        int maxIdlePerDyno,
        String forwardedProto,
        Duration holdTimeout,
        int maxHeldPerApp,
        long maxHeldBytesPerApp,
        Duration wakingPageDelay,
        Duration trafficInterval) {

    public RouterConfig {
        requireNonNull(bindHost, "bindHost");
        requireNonNull(forwardedProto, "forwardedProto");
        for (Duration d : new Duration[] {connectTimeout, firstByteTimeout, idleTimeout, clientIdleTimeout,
                headerReadTimeout, quarantine, drainTimeout, backendIdleTimeout, holdTimeout, wakingPageDelay,
                trafficInterval}) {
            requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout: " + d + " (expected: > 0)");
            }
        }
        positive("maxRequestLine", maxRequestLine);
        positive("maxHeaderLine", maxHeaderLine);
        positive("maxHeaders", maxHeaders);
        positive("maxHeaderBlock", maxHeaderBlock);
        positive("maxResponseHeaderBlock", maxResponseHeaderBlock);
        positive("inFlightPerDyno", inFlightPerDyno);
        positive("maxConnectAttempts", maxConnectAttempts);
        positive("maxHeldPerApp", maxHeldPerApp);
        if (maxHeldBytesPerApp <= 0) {
            throw new IllegalArgumentException("maxHeldBytesPerApp: " + maxHeldBytesPerApp + " (expected: > 0)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("adminPort: " + adminPort + " (expected: -1-65535)");
        }
        if (eventLoops < 0 || maxIdlePerDyno < 0) {
            throw new IllegalArgumentException("eventLoops/maxIdlePerDyno must be >= 0");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    /** The defaults of PRODUCT.md §5. */
    public static RouterConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable companion of {@link RouterConfig}. */
    public static final class Builder {
        private String bindHost = "0.0.0.0";
        private int port = 5000;
        private int adminPort = -1;
        private int eventLoops = 0;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration firstByteTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(55);
        private Duration clientIdleTimeout = Duration.ofSeconds(60);
        private Duration headerReadTimeout = Duration.ofSeconds(10);
        private Duration quarantine = Duration.ofSeconds(5);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration backendIdleTimeout = Duration.ofSeconds(90);
        private int maxRequestLine = 8192;
        private int maxHeaderLine = 8192;
        private int maxHeaders = 1000;
        private int maxHeaderBlock = 256 * 1024;
        private int maxResponseHeaderBlock = 512 * 1024;
        private int inFlightPerDyno = 200;
        private int maxConnectAttempts = 10;
        private int maxIdlePerDyno = 256;
        private String forwardedProto = "http";
        private Duration holdTimeout = Duration.ofSeconds(75);
        private int maxHeldPerApp = 1000;
        private long maxHeldBytesPerApp = 16L * 1024 * 1024;
        private Duration wakingPageDelay = Duration.ofSeconds(2);
        private Duration trafficInterval = Duration.ofSeconds(10);

        private Builder() {}

        private Builder(RouterConfig c) {
            bindHost = c.bindHost;
            port = c.port;
            adminPort = c.adminPort;
            eventLoops = c.eventLoops;
            connectTimeout = c.connectTimeout;
            firstByteTimeout = c.firstByteTimeout;
            idleTimeout = c.idleTimeout;
            clientIdleTimeout = c.clientIdleTimeout;
            headerReadTimeout = c.headerReadTimeout;
            quarantine = c.quarantine;
            drainTimeout = c.drainTimeout;
            backendIdleTimeout = c.backendIdleTimeout;
            maxRequestLine = c.maxRequestLine;
            maxHeaderLine = c.maxHeaderLine;
            maxHeaders = c.maxHeaders;
            maxHeaderBlock = c.maxHeaderBlock;
            maxResponseHeaderBlock = c.maxResponseHeaderBlock;
            inFlightPerDyno = c.inFlightPerDyno;
            maxConnectAttempts = c.maxConnectAttempts;
            maxIdlePerDyno = c.maxIdlePerDyno;
            forwardedProto = c.forwardedProto;
            holdTimeout = c.holdTimeout;
            maxHeldPerApp = c.maxHeldPerApp;
            maxHeldBytesPerApp = c.maxHeldBytesPerApp;
            wakingPageDelay = c.wakingPageDelay;
            trafficInterval = c.trafficInterval;
        }

        public Builder bindHost(String v) { bindHost = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder adminPort(int v) { adminPort = v; return this; }
        public Builder eventLoops(int v) { eventLoops = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder firstByteTimeout(Duration v) { firstByteTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder clientIdleTimeout(Duration v) { clientIdleTimeout = v; return this; }
        public Builder headerReadTimeout(Duration v) { headerReadTimeout = v; return this; }
        public Builder quarantine(Duration v) { quarantine = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        public Builder backendIdleTimeout(Duration v) { backendIdleTimeout = v; return this; }
        public Builder maxRequestLine(int v) { maxRequestLine = v; return this; }
        public Builder maxHeaderLine(int v) { maxHeaderLine = v; return this; }
        public Builder maxHeaders(int v) { maxHeaders = v; return this; }
        public Builder maxHeaderBlock(int v) { maxHeaderBlock = v; return this; }
        public Builder maxResponseHeaderBlock(int v) { maxResponseHeaderBlock = v; return this; }
        public Builder inFlightPerDyno(int v) { inFlightPerDyno = v; return this; }
        public Builder maxConnectAttempts(int v) { maxConnectAttempts = v; return this; }
        public Builder maxIdlePerDyno(int v) { maxIdlePerDyno = v; return this; }
        public Builder forwardedProto(String v) { forwardedProto = v; return this; }
        public Builder holdTimeout(Duration v) { holdTimeout = v; return this; }
        public Builder maxHeldPerApp(int v) { maxHeldPerApp = v; return this; }
        public Builder maxHeldBytesPerApp(long v) { maxHeldBytesPerApp = v; return this; }
        public Builder wakingPageDelay(Duration v) { wakingPageDelay = v; return this; }
        public Builder trafficInterval(Duration v) { trafficInterval = v; return this; }

        public RouterConfig build() {
            return new RouterConfig(bindHost, port, adminPort, eventLoops, connectTimeout, firstByteTimeout,
                    idleTimeout, clientIdleTimeout, headerReadTimeout, quarantine, drainTimeout,
                    backendIdleTimeout, maxRequestLine, maxHeaderLine, maxHeaders, maxHeaderBlock,
                    maxResponseHeaderBlock, inFlightPerDyno, maxConnectAttempts, maxIdlePerDyno, forwardedProto,
                    holdTimeout, maxHeldPerApp, maxHeldBytesPerApp, wakingPageDelay, trafficInterval);
        }
    }
}
