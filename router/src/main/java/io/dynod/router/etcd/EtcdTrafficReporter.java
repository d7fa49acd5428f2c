package io.dynod.router.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.GatewayErrors;
import io.dynod.cluster.Keys;
import io.dynod.cluster.LeaseKeeper;
import io.dynod.router.table.TrafficListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the agents of a fleet which apps had traffic at this router, so that they put only quiet
 * apps to sleep: every report interval, one put of {@code /dynod/v1/traffic/<app>/<router>} per
 * app that had traffic (so at most one write per app and interval), under a lease of this router
 * (the marks go with it). Each agent counts a put as traffic of the app at the moment it sees it.
 * While etcd is out of reach the reports are dropped (logged once per outage); the agents keep
 * their apps awake meanwhile.
 */
public final class EtcdTrafficReporter implements TrafficListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdTrafficReporter.class);

    private final EtcdClient etcd;
    private final String routerId;
    private final LeaseKeeper lease;
    private final AtomicBoolean failing = new AtomicBoolean();

    public EtcdTrafficReporter(Vertx vertx, EtcdClient etcd, String routerId, Duration ttl) {
        this.etcd = requireNonNull(etcd, "etcd");
        this.routerId = requireNonNull(routerId, "routerId");
        Keys.traffic("app", routerId); // refuses an id that cannot be a key segment, now rather than per report
        this.lease = new LeaseKeeper(vertx, etcd, ttl, id -> Future.succeededFuture()); // marks are not put again
    }

    public EtcdTrafficReporter start() {
        lease.start().onFailure(e -> LOG.debug("traffic lease stopped before its first grant: {}", e.toString()));
        return this;
    }

    @Override
    public void active(Set<String> apps) {
        long leaseId = lease.leaseId();
        if (leaseId == 0) {
            failed("this router holds no etcd lease yet");
            return;
        }
        String mark = new JsonObject().put("at", System.currentTimeMillis()).encode();
        for (String app : apps) {
            String key;
            try {
                key = Keys.traffic(app, routerId);
            } catch (IllegalArgumentException e) {
                continue; // not a name an agent can run
            }
            etcd.put(key, mark, leaseId).onComplete(done -> {
                if (done.failed()) {
                    failed(GatewayErrors.describe(done.cause()));
                } else if (failing.compareAndSet(true, false)) {
                    LOG.info("traffic reports reach etcd again");
                }
            });
        }
    }

    private void failed(String why) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("traffic reports cannot reach etcd ({}); agents keep apps awake until they can", why);
        }
    }

    /** Revokes the lease: this router's marks go at once. */
    @Override
    public void close() {
        lease.close();
    }
}
