package io.dynod.router.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.CreateResult;
import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.GatewayErrors;
import io.dynod.cluster.Keys;
import io.dynod.cluster.WakeRequest;
import io.dynod.router.table.Waker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a sleeping app of a multi-host fleet: creates {@code /dynod/v1/wake/<app>} only if it is
 * absent, under a lease of its own with a short TTL, so among all routers one request stands per
 * app, and one that no agent serves expires by itself. Within this router one call per app is in
 * flight at a time; the agents decide which one of them starts the dyno.
 */
public final class EtcdWaker implements Waker {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWaker.class);

    private final EtcdClient etcd;
    private final String routerId;
    private final Duration ttl;
    private final Predicate<String> withoutWebDynos;
    private final Map<String, Future<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();

    public EtcdWaker(EtcdClient etcd, String routerId, Duration ttl) {
        this(etcd, routerId, ttl, app -> false);
    }

    /**
     * @param withoutWebDynos whether the fleet runs no web dyno of an app (from its app records,
     *                        {@link EtcdRouteSource#withoutWebDynos}): such an app gets H14 at once,
     *                        as on Heroku, instead of a wake no agent can serve and an H20
     */
    public EtcdWaker(EtcdClient etcd, String routerId, Duration ttl, Predicate<String> withoutWebDynos) {
        this.etcd = requireNonNull(etcd, "etcd");
        this.routerId = requireNonNull(routerId, "routerId");
        this.ttl = requireNonNull(ttl, "ttl");
        this.withoutWebDynos = requireNonNull(withoutWebDynos, "withoutWebDynos");
    }

    /**
     * Asks the fleet to wake {@code app}. A stood request (ours or another router's) means a web
     * dyno is on its way too; the held requests go when the watched table shows it up.
     */
    @Override
    public CompletionStage<Outcome> wake(String app) {
        if (withoutWebDynos.test(app)) {
            return Future.succeededFuture(Outcome.NO_WEB_DYNOS).toCompletionStage();
        }
        return request(app).map(created -> Outcome.BOOTING).toCompletionStage();
    }

    /**
     * Asks for {@code app} to be woken; completes with whether this call created the request
     * (false: a request from this or another router already stands, or etcd failed — logged).
     */
    public Future<Boolean> request(String app) {
        String key;
        try {
            key = Keys.wake(app);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot wake app {}: {}", app, e.getMessage());
            return Future.succeededFuture(false);
        }
        return inFlight.computeIfAbsent(app, a -> create(a, key)
                .onComplete(done -> inFlight.remove(a)));
    }

    /** How many wake requests this router created (for tests and metrics). */
    public long created() {
        return created.get();
    }

    private Future<Boolean> create(String app, String key) {
        String value = new WakeRequest(routerId, System.currentTimeMillis()).toJson();
        return etcd.grantLease(ttl).compose(lease -> etcd.createIfAbsent(key, value, lease.id())
                .compose(result -> settle(app, result, lease.id())))
                .recover(error -> {
                    LOG.warn("could not ask etcd to wake app {}: {}", app, GatewayErrors.describe(error));
                    return Future.succeededFuture(false);
                });
    }

    private Future<Boolean> settle(String app, CreateResult result, long leaseId) {
        if (result.created()) {
            created.incrementAndGet();
            LOG.info("asked the fleet to wake app {} (revision {})", app, result.revision());
            return Future.succeededFuture(true);
        }
        // someone else's request stands; this lease holds nothing
        etcd.revokeLease(leaseId);
        return Future.succeededFuture(false);
    }
}
