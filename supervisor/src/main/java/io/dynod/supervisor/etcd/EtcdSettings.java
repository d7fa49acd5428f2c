package io.dynod.supervisor.etcd;

import io.dynod.cluster.EtcdClientOptions;

/**
 * How an agent joins a multi-host fleet ({@code dynod agent --etcd URL[,URL] --advertise-host H}).
 *
 * @param etcd          the etcd members
 * @param advertiseHost the address routers reach this host's dynos at
 */
public record EtcdSettings(EtcdClientOptions etcd, String advertiseHost) {

    /** Reads the two flags; a missing host or a bad URL fails with one line naming the flag. */
    public static EtcdSettings parse(String urls, String advertiseHost) {
        if (advertiseHost == null || advertiseHost.isBlank()) {
            throw new IllegalArgumentException("--etcd needs --advertise-host: the address routers reach this host's dynos at");
        }
        return new EtcdSettings(EtcdClientOptions.parse(urls), advertiseHost.strip());
    }

    /** Names this agent in etcd (instance ids, wake claims). */
    public String agentId() {
        return "agent-" + advertiseHost;
    }
}
