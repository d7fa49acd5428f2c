package io.dynod.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where etcd is and how long to wait for it.
 *
 * @param endpoints      client URLs of the etcd members, tried in order with failover
 * @param requestTimeout overall deadline of one call, shared by its failover attempts
 * @param connectTimeout deadline for opening a connection to one member
 * @param rangePageSize  keys per page when reading a prefix (all pages read at one revision)
 * @param watchProbe     how often a watch checks the member it streams from with a cheap read; a
 *                       failed check ends the stream (a partition that closes no socket, or a
 *                       member without quorum, would otherwise go unnoticed)
 */
public record EtcdClientOptions(List<URI> endpoints, Duration requestTimeout, Duration connectTimeout,
                                int rangePageSize, Duration watchProbe) {

    public static final int DEFAULT_PORT = 2379;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_RANGE_PAGE_SIZE = 1000;
    public static final Duration DEFAULT_WATCH_PROBE = Duration.ofSeconds(5);

    public EtcdClientOptions {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no etcd endpoint given");
        }
        endpoints = List.copyOf(endpoints);
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(watchProbe, "watchProbe");
        if (rangePageSize < 1) {
            throw new IllegalArgumentException("rangePageSize must be at least 1, got " + rangePageSize);
        }
    }

    /**
     * Parses the value of {@code --etcd}: comma-separated {@code http://host[:port]} URLs
     * (port 2379 when left out).
     */
    public static EtcdClientOptions parse(String commaSeparatedUrls) {
        List<URI> endpoints = new ArrayList<>();
        for (String part : commaSeparatedUrls.split(",", -1)) {
            endpoints.add(endpoint(part.trim()));
        }
        return new EtcdClientOptions(endpoints, DEFAULT_REQUEST_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_RANGE_PAGE_SIZE, DEFAULT_WATCH_PROBE);
    }

    public EtcdClientOptions withRequestTimeout(Duration timeout) {
        return new EtcdClientOptions(endpoints, timeout, connectTimeout, rangePageSize, watchProbe);
    }

    public EtcdClientOptions withConnectTimeout(Duration timeout) {
        return new EtcdClientOptions(endpoints, requestTimeout, timeout, rangePageSize, watchProbe);
    }

    public EtcdClientOptions withRangePageSize(int pageSize) {
        return new EtcdClientOptions(endpoints, requestTimeout, connectTimeout, pageSize, watchProbe);
    }

    public EtcdClientOptions withWatchProbe(Duration probe) {
        return new EtcdClientOptions(endpoints, requestTimeout, connectTimeout, rangePageSize, probe);
    }

    private static URI endpoint(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty etcd endpoint in the list (expected http://host:port,...)");
        }
        if (!text.regionMatches(true, 0, "http://", 0, "http://".length())) {
            throw new IllegalArgumentException("etcd endpoint \"" + text + "\" must start with http:// "
                    + (text.contains("://") ? "(TLS to etcd is not supported yet)" : "(for example http://127.0.0.1:2379)"));
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("etcd endpoint \"" + text + "\" is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("etcd endpoint \"" + text + "\" has no host");
        }
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!bare) {
            throw new IllegalArgumentException("etcd endpoint \"" + text
                    + "\" must be only scheme, host and port (no path, query or user)");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        return URI.create("http://" + hostForUri(uri.getHost()) + ":" + port);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
