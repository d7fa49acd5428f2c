package io.dynod.router.support;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppChanged;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoState;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.ReleaseRef;
import io.dynod.protocol.model.Synced;
import io.dynod.protocol.json.JsonCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The agent side of the agent protocol as far as a router uses it, for router tests: {@code GET
 * /v1/events} (snapshot, {@code synced}, then changes), {@code POST /v1/apps/{app}/wake} and
 * {@code GET /v1/apps/{app}/dynos}. It can be stopped and started again on the same port, like an
 * agent restart. The real agent's server is tested in the supervisor module.
 */
public final class FakeAgent implements AutoCloseable {

    private static final ReleaseRef V1 = new ReleaseRef(1);

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Map<String, Integer>> upDynos = new TreeMap<>();
    private final List<HttpServerResponse> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger wakes = new AtomicInteger();
    private volatile Consumer<String> onWake = app -> {};
    private HttpServer server;
    private int port;

    public FakeAgent() throws Exception {
        start();
    }

    public synchronized void start() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            if (path.equals(ApiPaths.EVENTS)) {
                HttpServerResponse response = request.response().setChunked(true)
                        .putHeader("Content-Type", ApiPaths.NDJSON);
                synchronized (this) {
                    for (Event e : snapshot()) {
                        response.write(JsonCodec.encode(e) + "\n");
                    }
                    streams.add(response);
                }
                response.closeHandler(v -> streams.remove(response));
            } else if (path.endsWith("/wake")) {
                String app = path.split("/")[3];
                wakes.incrementAndGet();
                onWake.accept(app);
                request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(JsonCodec.encode(appResource(app)));
            } else if (path.endsWith("/dynos")) {
                String app = path.split("/")[3];
                List<Dyno> dynos = List.of(new Dyno("web.1", "web", DynoState.STARTING, null, "serve", V1, null, null,
                        Instant.EPOCH, Instant.EPOCH));
                request.response().putHeader("Content-Type", "application/json").end(JsonCodec.encode(dynos));
            } else {
                request.response().setStatusCode(404).end();
            }
        });
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    /** Like an agent stopping: the listener and every event stream close. */
    public synchronized void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        streams.clear();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int wakes() {
        return wakes.get();
    }

    public int openStreams() {
        return streams.size();
    }

    /** What to do on a wake: the test starts a dyno and calls {@link #up}. */
    public void onWake(Consumer<String> action) {
        this.onWake = action;
    }

    /** The app exists (with no dyno up yet). */
    public synchronized void app(String name) {
        upDynos.computeIfAbsent(name, a -> new TreeMap<>());
        publish(new AppChanged(appResource(name)));
    }

    /** A web dyno is up on {@code port}; with {@code silently}, only later snapshots show it (a change while the stream is down). */
    public synchronized void up(String app, String dyno, int dynoPort, boolean silently) {
        upDynos.computeIfAbsent(app, a -> new TreeMap<>()).put(dyno, dynoPort);
        if (!silently) {
            publish(new EndpointChanged(app, dyno, "127.0.0.1", dynoPort, true, V1));
        }
    }

    public synchronized void down(String app, String dyno, boolean silently) {
        Integer old = upDynos.getOrDefault(app, Map.of()).remove(dyno);
        if (old != null && !silently) {
            publish(new EndpointChanged(app, dyno, "127.0.0.1", old, false, V1));
        }
    }

    private List<Event> snapshot() {
        List<Event> events = new ArrayList<>();
        upDynos.forEach((app, dynos) -> {
            events.add(new AppChanged(appResource(app)));
            dynos.forEach((dyno, p) -> events.add(new EndpointChanged(app, dyno, "127.0.0.1", p, true, V1)));
        });
        events.add(new Synced(Instant.now()));
        return events;
    }

    private void publish(Event event) {
        String line = JsonCodec.encode(event) + "\n";
        for (HttpServerResponse r : streams) {
            r.write(line);
        }
    }

    private static App appResource(String name) {
        return new App(name, null, List.of(), V1, Instant.EPOCH, Instant.EPOCH);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
