package io.dynod.supervisor.etcd;

import io.dynod.cluster.EtcdHttpClient;
import io.dynod.cluster.LeaseKeeper;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppChanged;
import io.dynod.protocol.model.AppDestroyed;
import io.dynod.supervisor.control.AgentEvents;
import io.dynod.supervisor.dyno.AppTraffic;
import io.dynod.supervisor.dyno.DynoManager;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's membership in a multi-host fleet: its dynos and app records published to etcd under
 * its lease, the wake requests of routers served, and the routers' traffic reports fed to its idle
 * sleep. Starting does not wait for etcd: while it is away the lease loop keeps trying and
 * everything is published once it answers.
 */
public final class EtcdAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdAgent.class);

    private final EtcdHttpClient client;
    private final EtcdWakeWatcher wakes;
    private final EtcdTrafficWatcher traffic;
    private final Runnable unsubscribe;

    private EtcdAgent(EtcdHttpClient client, EtcdWakeWatcher wakes, EtcdTrafficWatcher traffic, Runnable unsubscribe) {
        this.client = client;
        this.wakes = wakes;
        this.traffic = traffic;
        this.unsubscribe = unsubscribe;
    }

    /**
     * Call after the manager has recovered, so the dynos it re-adopted are announced.
     *
     * @param events the agent's event feed (app settings changes)
     * @param apps   the agent's apps now (read once, after subscribing to {@code events})
     * @param appTraffic where routers' traffic reports go
     */
    public static EtcdAgent start(Vertx vertx, EtcdSettings settings, DynoManager manager, Duration bootTimeout,
                                  AgentEvents events, Supplier<List<App>> apps, AppTraffic appTraffic)
            throws Exception {
        EtcdHttpClient client = new EtcdHttpClient(vertx, settings.etcd());
        EtcdPublisher publisher = new EtcdPublisher(vertx, client, settings.advertiseHost(), settings.agentId(),
                LeaseKeeper.DEFAULT_TTL);
        Runnable unsubscribe = events.subscribe(event -> {
            if (event instanceof AppChanged changed) {
                publisher.appSettings(changed.app().name(), changed.app().domains());
            } else if (event instanceof AppDestroyed destroyed) {
                publisher.appRemoved(destroyed.app());
            }
        });
        // after subscribing: a change made meanwhile is in this list or comes as an event after it
        for (App app : apps.get()) {
            publisher.appSettings(app.name(), app.domains());
        }
        EtcdWakeWatcher wakes = new EtcdWakeWatcher(vertx, client, publisher, manager::wake, bootTimeout);
        EtcdTrafficWatcher traffic = new EtcdTrafficWatcher(vertx, client, appTraffic,
                () -> apps.get().stream().map(App::name).toList());
        manager.addListener(publisher).get(30, TimeUnit.SECONDS);
        publisher.start().onFailure(e -> LOG.debug("etcd publisher stopped before its first publish: {}", e.toString()));
        wakes.start();
        traffic.start();
        LOG.info("agent {} joins the fleet through etcd {} (dynos advertised at {})", settings.agentId(),
                settings.etcd().endpoints(), settings.advertiseHost());
        return new EtcdAgent(client, wakes, traffic, unsubscribe);
    }

    /**
     * Leaves without revoking the lease: an agent stop leaves its dynos running, so their routes
     * stay until the lease expires or the next agent run publishes them under its own lease.
     */
    @Override
    public void close() {
        unsubscribe.run();
        wakes.close();
        traffic.close();
        client.close();
    }
}
