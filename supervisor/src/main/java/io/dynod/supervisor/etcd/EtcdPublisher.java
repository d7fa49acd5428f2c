package io.dynod.supervisor.etcd;

import static java.util.Objects.requireNonNull;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.EtcdClient;
import io.dynod.cluster.GatewayErrors;
import io.dynod.cluster.Keys;
import io.dynod.cluster.LeaseKeeper;
import io.dynod.supervisor.dyno.DynoChange;
import io.dynod.supervisor.dyno.DynoListener;
import io.dynod.supervisor.dyno.DynoName;
import io.dynod.supervisor.dyno.DynoState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this agent's dynos to etcd as {@code /dynod/v1/dynos/<app>/<dyno>@<agent>} →
 * {@link DynoEntry}, and its record of each app as {@code /dynod/v1/apps/<app>/<agent>} →
 * {@link AppEntry} (domains, sleeping when every web dyno here is idle, dynos per type here), all
 * under one agent lease kept by a {@link LeaseKeeper}: when the agent dies its keys expire with
 * the lease. Every key carries the agent's id, so agents that run the same app never write the
 * same key. Every change is a full-state put (repeating one is harmless); a removed dyno's key is
 * deleted, and an app's record once the app has neither settings nor dynos here; after a lease
 * re-grant everything is put again.
 *
 * <p>Writes go out one at a time in the order of the changes, and a key whose value changed again
 * while a write was on its way is written once more with the newest value, so etcd always ends up
 * with the agent's truth; a failed write is retried until it succeeds.
 */
public final class EtcdPublisher implements DynoListener {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdPublisher.class);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final Vertx vertx;
    private final Context context;
    private final EtcdClient etcd;
    private final String host;
    private final String agentId;
    private final LeaseKeeper keeper;
    // the fields below are touched only on the context
    private final Map<String, DynoEntry> desired = new HashMap<>();
    /** What etcd should hold for every key this agent writes (dyno entries and app records). */
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> domains = new HashMap<>();
    private final Map<String, String> instances = new HashMap<>();
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    private final List<Promise<Void>> flushed = new ArrayList<>();
    private final Map<String, List<Promise<Void>>> webUpWaiters = new HashMap<>();
    private boolean writing;
    private long retryTimer = -1;
    private Instant failingSince;

    /**
     * @param host    the address routers reach this agent's dynos at (its advertised host)
     * @param agentId names this agent in instance ids and wake claims
     * @param ttl     the agent lease's TTL ({@link LeaseKeeper#DEFAULT_TTL} in production)
     */
    public EtcdPublisher(Vertx vertx, EtcdClient etcd, String host, String agentId, Duration ttl) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.etcd = requireNonNull(etcd, "etcd");
        this.host = requireNonNull(host, "host");
        this.agentId = requireNonNull(agentId, "agentId");
        this.keeper = new LeaseKeeper(vertx, etcd, ttl, this::republish);
    }

    /** Starts the lease; completes once the first lease holds every dyno known so far. */
    public Future<Long> start() {
        return keeper.start();
    }

    /** The agent's lease, or 0 while it has none. */
    public long leaseId() {
        return keeper.leaseId();
    }

    public String agentId() {
        return agentId;
    }

    /** Stops the lease upkeep and revokes it, which removes this agent's dynos from etcd at once. */
    public Future<Void> close() {
        return keeper.close();
    }

    @Override
    public void changed(DynoChange change) {
        String app = change.app();
        String key = Keys.dyno(app, change.dyno().toString(), agentId);
        boolean webUp = change.to() == DynoState.UP && change.dyno().type().equals("web");
        context.runOnContext(v -> {
            if (change.to() == DynoState.STARTING || !instances.containsKey(key)) {
                instances.put(key, agentId + ":" + change.at().toEpochMilli()); // a new process of the dyno
            }
            DynoEntry entry = new DynoEntry(host, change.port().orElse(0), change.to().wireName(), change.release(),
                    instances.get(key));
            desired.put(key, entry);
            set(key, entry.toJson());
            appChanged(app);
            if (webUp) {
                List<Promise<Void>> waiting = webUpWaiters.remove(app);
                if (waiting != null) {
                    waiting.forEach(Promise::tryComplete);
                }
            }
        });
    }

    @Override
    public void removed(String app, DynoName dyno) {
        String key = Keys.dyno(app, dyno.toString(), agentId);
        context.runOnContext(v -> {
            desired.remove(key);
            instances.remove(key);
            set(key, null);
            appChanged(app);
        });
    }

    /** The app's settings here changed (or are first known): its custom domains. */
    public void appSettings(String app, List<String> appDomains) {
        List<String> copy = List.copyOf(appDomains);
        context.runOnContext(v -> {
            domains.put(app, copy);
            appChanged(app);
        });
    }

    /** The app is gone from this agent (its dynos leave through {@link #removed}). */
    public void appRemoved(String app) {
        context.runOnContext(v -> {
            domains.remove(app);
            appChanged(app);
        });
    }

    /** Recomputes this agent's record of {@code app} from its settings and dynos; writes it if it changed. */
    private void appChanged(String app) {
        String prefix = Keys.dynosOf(app);
        Map<String, Integer> formation = new TreeMap<>();
        int web = 0;
        int idleWeb = 0;
        for (Map.Entry<String, DynoEntry> e : desired.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String dyno = e.getKey().substring(prefix.length()); // type.N@agent; a type has no '.'
            String type = dyno.substring(0, dyno.indexOf('.'));
            if (type.equals(DynoName.ONE_OFF_TYPE)) {
                continue;
            }
            formation.merge(type, 1, Integer::sum);
            if (type.equals("web")) {
                web++;
                if (e.getValue().state().equals(DynoState.IDLE.wireName())) {
                    idleWeb++;
                }
            }
        }
        List<String> appDomains = domains.get(app);
        String key = Keys.app(app, agentId);
        if (appDomains == null && formation.isEmpty()) {
            set(key, null);
        } else {
            set(key, new AppEntry(appDomains == null ? List.of() : appDomains, web > 0 && idleWeb == web, formation)
                    .toJson());
        }
    }

    /** Makes {@code value} (null: no key) what etcd should hold at {@code key}; writes only a change. */
    private void set(String key, String value) {
        String before = value == null ? values.remove(key) : values.put(key, value);
        if (!Objects.equals(before, value)) {
            mark(key);
        }
    }

    /** Whether this agent runs {@code app} (has any dyno of it, asleep or not). */
    public Future<Boolean> runs(String app) {
        String prefix = Keys.dynosOf(app);
        return onContext(() -> desired.keySet().stream().anyMatch(k -> k.startsWith(prefix)));
    }

    /** Completes when a web dyno of {@code app} on this agent is up (at once if one is). */
    public Future<Void> webUp(String app) {
        String prefix = Keys.dynosOf(app) + "web.";
        return onContext(() -> {
            boolean up = desired.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && e.getValue().isUp());
            if (up) {
                return Future.<Void>succeededFuture();
            }
            Promise<Void> promise = Promise.promise();
            webUpWaiters.computeIfAbsent(app, a -> new ArrayList<>()).add(promise);
            return promise.future();
        }).compose(f -> f);
    }

    /** Completes once every change handed over so far is in etcd. */
    public Future<Void> flushed() {
        return onContext(() -> {
            Promise<Void> promise = Promise.promise();
            flushed.add(promise);
            pump();
            return promise.future();
        }).compose(f -> f);
    }

    /** After a (re-)grant: every dyno again, under the new lease. */
    private Future<?> republish(long leaseId) {
        return onContext(() -> {
            pending.addAll(values.keySet());
            LOG.info("publishing {} dynos and {} app records to etcd under lease {}", desired.size(),
                    values.size() - desired.size(), Long.toHexString(leaseId));
            Promise<Void> promise = Promise.promise();
            flushed.add(promise);
            pump();
            return promise.future();
        }).compose(f -> f);
    }

    private void mark(String key) {
        pending.add(key);
        pump();
    }

    private void pump() {
        if (writing) {
            return;
        }
        if (pending.isEmpty()) {
            List<Promise<Void>> done = new ArrayList<>(flushed);
            flushed.clear();
            done.forEach(Promise::tryComplete);
            return;
        }
        long lease = keeper.leaseId();
        if (lease == 0) {
            return; // the next grant publishes everything
        }
        Iterator<String> first = pending.iterator();
        String key = first.next();
        first.remove();
        String value = values.get(key);
        writing = true;
        Future<?> write = value == null ? etcd.delete(key) : etcd.put(key, value, lease);
        write.onComplete(result -> context.runOnContext(v -> {
            writing = false;
            if (result.failed()) {
                pending.add(key);
                failed(key, result.cause());
                return;
            }
            if (failingSince != null) {
                LOG.info("etcd takes this agent's dyno updates again after {} ms",
                        Duration.between(failingSince, Instant.now()).toMillis());
                failingSince = null;
            }
            pump();
        }));
    }

    private void failed(String key, Throwable cause) {
        if (failingSince == null) {
            failingSince = Instant.now();
            LOG.warn("could not write {} to etcd, will keep retrying every {} ms: {}", key, RETRY.toMillis(),
                    GatewayErrors.describe(cause));
        } else {
            LOG.debug("could not write {} to etcd: {}", key, GatewayErrors.describe(cause));
        }
        List<Promise<Void>> waiting = new ArrayList<>(flushed);
        flushed.clear();
        waiting.forEach(p -> p.tryFail(cause));
        if (retryTimer == -1) {
            retryTimer = vertx.setTimer(RETRY.toMillis(), id -> {
                retryTimer = -1;
                pump();
            });
        }
    }

    private <T> Future<T> onContext(Callable<T> work) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                promise.complete(work.call());
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
