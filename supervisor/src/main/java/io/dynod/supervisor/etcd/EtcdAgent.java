package io.dynod.supervisor.etcd;

import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.LeaseKeeper;
import io.dynod.supervisor.dyno.DynoManager;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's membership in a multi-host fleet: its dynos published to etcd under its lease and
 * the wake requests of routers served. Starting does not wait for etcd: while it is away the lease
 * loop keeps trying and the dynos are published once it answers.
 */
public final class EtcdAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdAgent.class);

    private final EtcdHttpClient client;
    private final EtcdWakeWatcher wakes;

    private EtcdAgent(EtcdHttpClient client, EtcdWakeWatcher wakes) {
        this.client = client;
        this.wakes = wakes;
    }

    /** Call after the manager has recovered, so the dynos it re-adopted are announced. */
    public static EtcdAgent start(Vertx vertx, EtcdSettings settings, DynoManager manager, Duration bootTimeout)
            throws Exception {
        EtcdHttpClient client = new EtcdHttpClient(vertx, settings.etcd());
        EtcdPublisher publisher = new EtcdPublisher(vertx, client, settings.advertiseHost(), settings.agentId(),
                LeaseKeeper.DEFAULT_TTL);
        EtcdWakeWatcher wakes = new EtcdWakeWatcher(vertx, client, publisher, manager::wake, bootTimeout);
        manager.addListener(publisher).get(30, TimeUnit.SECONDS);
        publisher.start().onFailure(e -> LOG.debug("etcd publisher stopped before its first publish: {}", e.toString()));
        wakes.start();
        LOG.info("agent {} joins the fleet through etcd {} (dynos advertised at {})", settings.agentId(),
                settings.etcd().endpoints(), settings.advertiseHost());
        return new EtcdAgent(client, wakes);
    }

    /**
     * Leaves without revoking the lease: an agent stop leaves its dynos running, so their routes
     * stay until the lease expires or the next agent run publishes them under its own lease.
     */
    @Override
    public void close() {
        wakes.close();
        client.close();
    }
}
