package io.dynod.protocol.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dynod.protocol.AgentEndpoint;
import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.json.JsonCodec;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.DrainResult;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.Formation;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.protocol.model.Health;
import io.dynod.protocol.model.Names;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseCreate;
import io.dynod.protocol.model.RunOutput;
import io.dynod.protocol.model.TrafficReport;
import io.dynod.protocol.model.TrafficResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Java client of the agent protocol, on the Vert.x HTTP client. Request/response calls block
 * the calling thread (never call them on an event loop) and throw {@link AgentException}; streams
 * (events, logs, one-off output) deliver items on a Vert.x event-loop thread and return a
 * {@link Subscription} to cancel or await them.
 */
public final class AgentClient implements AutoCloseable {

    /** {@code connect}: to open the connection; {@code idle}: longest silence within a request/response call. */
    public record Timeouts(Duration connect, Duration idle) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * How long a destroy or a drain may stay silent: its answer waits for the dynos to exit (stop
     * grace 30 s by default).
     */
    private static final Duration STOP_WAIT = Duration.ofMinutes(2);

    private static final TypeReference<List<App>> APPS = new TypeReference<>() {};
    private static final TypeReference<List<Release>> RELEASES = new TypeReference<>() {};
    private static final TypeReference<List<Formation>> FORMATION = new TypeReference<>() {};
    private static final TypeReference<List<Dyno>> DYNOS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> CONFIG_VARS = new TypeReference<>() {};

    private final Vertx vertx;
    /** Every call is composed on this context: composing from the caller's thread races the response. */
    private final Context context;
    private final boolean ownsVertx;
    private final HttpClient http;
    private final AgentEndpoint endpoint;
    private final Timeouts timeouts;
    private final AgentFailures failures;

    private AgentClient(Vertx vertx, boolean ownsVertx, AgentEndpoint endpoint, Timeouts timeouts) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.ownsVertx = ownsVertx;
        this.http = vertx.createHttpClient();
        this.endpoint = endpoint;
        this.timeouts = timeouts;
        this.failures = new AgentFailures(endpoint, timeouts);
    }

    /** A client with its own Vert.x instance, closed by {@link #close()}. */
    public static AgentClient create(AgentEndpoint endpoint) {
        return new AgentClient(Vertx.vertx(), true, endpoint, Timeouts.DEFAULT);
    }

    /** A client on a caller's Vert.x instance, which {@link #close()} leaves running. */
    public static AgentClient create(Vertx vertx, AgentEndpoint endpoint, Timeouts timeouts) {
        return new AgentClient(vertx, false, endpoint, timeouts);
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    // --- apps ---

    public List<App> apps() {
        return call(HttpMethod.GET, ApiPaths.APPS, null, APPS);
    }

    public App app(String app) {
        return call(HttpMethod.GET, ApiPaths.app(app), null, App.class);
    }

    public App createApp(String app, AppSettings settings) {
        return call(HttpMethod.PUT, ApiPaths.app(app), settings, App.class);
    }

    public App updateApp(String app, AppSettings settings) {
        return call(HttpMethod.PATCH, ApiPaths.app(app), settings, App.class);
    }

    /**
     * Destroys the app; answers once its dynos have exited, which takes up to the agent's stop grace
     * ({@code DYNOD_STOP_GRACE}, 30 s by default) after their SIGTERM, so this call waits longer than others.
     */
    public App destroyApp(String app) {
        RequestOptions options = options(HttpMethod.DELETE, ApiPaths.app(app));
        options.setIdleTimeout(Math.max(timeouts.idle().toMillis(), STOP_WAIT.toMillis()));
        return call(options, null, App.class);
    }

    // --- releases ---

    public Release createRelease(String app, ReleaseCreate release) {
        return call(HttpMethod.POST, ApiPaths.releases(app), release, Release.class);
    }

    /** Uploads a slug file as the request body; the agent checks it against {@code sha256} when given. */
    public Release uploadRelease(String app, Path slug, String sha256) {
        String query = sha256 == null ? "" : "?sha256=" + Names.sha256(sha256);
        long size;
        try {
            size = Files.size(slug);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read slug " + slug, e);
        }
        RequestOptions options = options(HttpMethod.POST, ApiPaths.releases(app) + query)
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.SLUG)
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(size));
        Future<Buffer> body = onContext(() -> vertx.fileSystem().open(slug.toString(), new OpenOptions().setRead(true))
                .compose(file -> exchange(options, request -> request.send(file))));
        return decode(options, await(body), Release.class);
    }

    public List<Release> releases(String app) {
        return call(HttpMethod.GET, ApiPaths.releases(app), null, RELEASES);
    }

    /** Makes a new release with the slug, config and process types of release {@code version}. */
    public Release rollback(String app, int version) {
        return call(HttpMethod.POST, ApiPaths.rollback(app, version), null, Release.class);
    }

    // --- formation and dynos ---

    public List<Formation> formation(String app) {
        return call(HttpMethod.GET, ApiPaths.formation(app), null, FORMATION);
    }

    public List<Formation> updateFormation(String app, FormationBatch batch) {
        return call(HttpMethod.PATCH, ApiPaths.formation(app), batch, FORMATION);
    }

    public List<Dyno> dynos(String app) {
        return call(HttpMethod.GET, ApiPaths.dynos(app), null, DYNOS);
    }

    /** Restarts every dyno of the app. */
    public void restartAll(String app) {
        call(HttpMethod.DELETE, ApiPaths.dynos(app), null, Void.class);
    }

    /** Restarts one dyno ({@code web.1}) or every dyno of a process type ({@code web}). */
    public void restart(String app, String dynoOrType) {
        call(HttpMethod.DELETE, ApiPaths.dyno(app, dynoOrType), null, Void.class);
    }

    public void stop(String app, String dyno) {
        call(HttpMethod.POST, ApiPaths.stopDyno(app, dyno), null, Void.class);
    }

    /** Starts a one-off dyno {@code run.N}; its output arrives as {@link RunOutput} items, the last {@code exited}. */
    public Subscription run(String app, DynoCreate dyno, Consumer<RunOutput> onOutput) {
        return stream(HttpMethod.POST, ApiPaths.dynos(app), dyno,
                line -> JsonCodec.decodeResponse(line, RunOutput.class, "one-off output"), onOutput);
    }

    // --- config vars ---

    public Map<String, String> configVars(String app) {
        return call(HttpMethod.GET, ApiPaths.configVars(app), null, CONFIG_VARS);
    }

    /** Sets vars; a null value unsets that var. Answers the whole new set of vars. */
    public Map<String, String> updateConfigVars(String app, Map<String, String> patch) {
        return call(HttpMethod.PATCH, ApiPaths.configVars(app), patch, CONFIG_VARS);
    }

    // --- streams ---

    /** Log lines in Heroku's format, without their line ends. */
    public Subscription logs(String app, LogQuery query, Consumer<String> onLine) {
        return stream(HttpMethod.GET, ApiPaths.logStream(app) + query.toQueryString(), null, line -> line, onLine);
    }

    /** The agent's events: the current state, a {@code synced} marker, then changes. Unknown types are skipped. */
    public Subscription events(Consumer<Event> onEvent) {
        return stream(HttpMethod.GET, ApiPaths.EVENTS, null,
                line -> JsonCodec.decodeResponse(line, Event.class, "event"), onEvent);
    }

    // --- agent ---

    public App wake(String app) {
        return call(HttpMethod.POST, ApiPaths.wake(app), null, App.class);
    }

    /**
     * Tells the agent these apps had traffic just now, so it does not idle them; answers the ones
     * it does not have (they were ignored).
     */
    public List<String> reportTraffic(Collection<String> apps) {
        return call(HttpMethod.POST, ApiPaths.TRAFFIC, new TrafficReport(List.copyOf(apps)), TrafficResult.class).unknown();
    }

    /** Stops every dyno of the agent; answers once all of them have exited. */
    public DrainResult drain() {
        RequestOptions options = options(HttpMethod.POST, ApiPaths.DRAIN);
        options.setIdleTimeout(Math.max(timeouts.idle().toMillis(), STOP_WAIT.toMillis()));
        return call(options, null, DrainResult.class);
    }

    public Health health() {
        return call(HttpMethod.GET, ApiPaths.HEALTHZ, null, Health.class);
    }

    /** The agent's Prometheus text. */
    public String metrics() {
        RequestOptions options = options(HttpMethod.GET, ApiPaths.METRICS);
        return await(onContext(() -> exchange(options, HttpClientRequest::send))).toString();
    }

    @Override
    public void close() {
        http.close();
        if (ownsVertx) {
            vertx.close();
        }
    }

    // --- plumbing ---

    private <T> T call(HttpMethod method, String path, Object body, Class<T> responseType) {
        return call(options(method, path), body, responseType);
    }

    private <T> T call(RequestOptions options, Object body, Class<T> responseType) {
        Buffer answer = await(onContext(() -> exchange(options, request -> send(request, body))));
        return responseType == Void.class ? null : decode(options, answer, responseType);
    }

    private <T> T call(HttpMethod method, String path, Object body, TypeReference<T> responseType) {
        RequestOptions options = options(method, path);
        String answer = await(onContext(() -> exchange(options, request -> send(request, body)))).toString();
        try {
            return JsonCodec.decodeResponse(answer, responseType, method + " " + path);
        } catch (IllegalArgumentException e) {
            throw failures.unreadable(options, e);
        }
    }

    private <T> T decode(RequestOptions options, Buffer answer, Class<T> type) {
        try {
            return JsonCodec.decodeResponse(answer.toString(), type, options.getMethod() + " " + options.getURI());
        } catch (IllegalArgumentException e) {
            throw failures.unreadable(options, e);
        }
    }

    private RequestOptions options(HttpMethod method, String pathAndQuery) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(endpoint.base() + pathAndQuery)
                .setConnectTimeout(timeouts.connect().toMillis())
                .setIdleTimeout(timeouts.idle().toMillis());
        if (endpoint.token() != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + endpoint.token());
        }
        return options;
    }

    private static Future<HttpClientResponse> send(HttpClientRequest request, Object body) {
        if (body == null) {
            return request.send();
        }
        request.putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.JSON);
        return request.send(JsonCodec.encodeToBuffer(body));
    }

    /** Sends, then answers the whole body of a 2xx response, or fails with an {@link AgentException}. */
    private Future<Buffer> exchange(RequestOptions options, Function<HttpClientRequest, Future<HttpClientResponse>> sender) {
        return http.request(options)
                .compose(sender)
                .compose(response -> response.body().compose(body -> isSuccess(response)
                        ? Future.succeededFuture(body)
                        : Future.failedFuture(failures.fromResponse(options, response, body))))
                .recover(failure -> Future.failedFuture(failures.fromTransport(options, failure)));
    }

    private <T> Subscription stream(
            HttpMethod method, String pathAndQuery, Object body, Function<String, T> decodeLine, Consumer<T> onItem) {
        // A stream may rightly stay quiet for long: only the wait for its response headers is bounded.
        RequestOptions options = options(method, pathAndQuery).setIdleTimeout(0);
        LineStream<T> stream = new LineStream<>(options, failures, decodeLine, onItem);
        context.runOnContext(start -> {
            long headersTimer = vertx.setTimer(timeouts.idle().toMillis(),
                    fired -> stream.fail(failures.fromTransport(options, new TimeoutException("no response headers"))));
            http.request(options)
                    .compose(request -> {
                        stream.attach(request);
                        return send(request, body);
                    })
                    .onComplete(result -> vertx.cancelTimer(headersTimer))
                    .onSuccess(response -> {
                        if (isSuccess(response)) {
                            stream.consume(response);
                        } else {
                            response.body().onComplete(result -> stream.fail(
                                    failures.fromResponse(options, response, result.succeeded() ? result.result() : null)));
                        }
                    })
                    .onFailure(failure -> stream.fail(failures.fromTransport(options, failure)));
        });
        return stream;
    }

    private <T> Future<T> onContext(Supplier<Future<T>> call) {
        Promise<T> result = Promise.promise();
        context.runOnContext(start -> call.get().onComplete(result));
        return result.future();
    }

    private static boolean isSuccess(HttpClientResponse response) {
        return response.statusCode() / 100 == 2;
    }

    private static <T> T await(Future<T> future) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("AgentClient's blocking calls must not run on an event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
