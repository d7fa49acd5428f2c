package io.dynod.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.protocol.AgentEndpoint;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.DynoSize;
import io.dynod.protocol.model.DynoState;
import io.dynod.protocol.model.DynoStateChanged;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.protocol.model.FormationUpdate;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.protocol.model.ReleaseCreate;
import io.dynod.protocol.model.RunOutput;
import io.dynod.protocol.model.Synced;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AgentClient against a real HTTP server on a loopback port (a fake agent with canned answers). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentClientIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AgentClient.Timeouts SHORT = new AgentClient.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    /** For the timeout tests only: short enough to test, long enough for a loaded 2-core machine. */
    private static final AgentClient.Timeouts QUICK = new AgentClient.Timeouts(Duration.ofSeconds(5), Duration.ofMillis(1000));

    private Vertx vertx;
    private FakeAgent agent;
    private AgentClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        agent = new FakeAgent(vertx);
        client = AgentClient.create(vertx, AgentEndpoint.of(agent.url(), "s3cret"), SHORT);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        agent.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsTheBearerTokenAndDecodesTheAnswer() {
        agent.json("GET /v1/apps", 200, "[{\"name\":\"hello\",\"idle_after\":\"5m\",\"domains\":[],"
                + "\"created_at\":\"2026-11-26T11:00:00Z\",\"future_field\":1}]");
        List<App> apps = client.apps();
        assertThat(apps).extracting(App::name).containsExactly("hello");
        assertThat(apps.get(0).idleAfter()).isEqualTo(IdleAfter.parse("5m"));
        assertThat(agent.last().authorization()).isEqualTo("Bearer s3cret");
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() {
        agent.json("GET /v1/apps", 200, "[]");
        try (AgentClient anonymous = AgentClient.create(vertx, AgentEndpoint.of(agent.url(), null), SHORT)) {
            assertThat(anonymous.apps()).isEmpty();
        }
        assertThat(agent.last().authorization()).isNull();
    }

    @Test
    void requestBodiesAreSnakeCaseJsonWithTheRightMethod() {
        agent.json("PUT /v1/apps/hello", 201, "{\"name\":\"hello\"}");
        agent.json("PATCH /v1/apps/hello/formation", 200,
                "[{\"type\":\"web\",\"quantity\":2,\"size\":\"standard-2x\",\"command\":\"java Hello.java web\"}]");
        agent.json("PATCH /v1/apps/hello/config-vars", 200, "{\"NEW\":\"1\"}");

        client.createApp("hello", new AppSettings(IdleAfter.off(), List.of("hello.example.com")));
        assertThat(agent.last().method()).isEqualTo("PUT");
        assertThat(agent.last().contentType()).isEqualTo("application/json");
        assertThat(agent.last().bodyText()).isEqualTo("{\"idle_after\":\"off\",\"domains\":[\"hello.example.com\"]}");

        var formation = client.updateFormation("hello", new FormationBatch(List.of(new FormationUpdate("web", 2, DynoSize.STANDARD_2X))));
        assertThat(formation.get(0).size()).isEqualTo(DynoSize.STANDARD_2X);
        assertThat(agent.last().bodyText()).isEqualTo("{\"updates\":[{\"type\":\"web\",\"quantity\":2,\"size\":\"standard-2x\"}]}");

        Map<String, String> patch = new LinkedHashMap<>();
        patch.put("NEW", "1");
        patch.put("OLD", null);
        assertThat(client.updateConfigVars("hello", patch)).containsOnly(Map.entry("NEW", "1"));
        assertThat(agent.last().bodyText()).isEqualTo("{\"NEW\":\"1\",\"OLD\":null}");
    }

    @Test
    void everyDynoCallHitsItsPath() {
        agent.on("DELETE /v1/apps/hello/dynos", request -> request.response().setStatusCode(202).end());
        agent.on("DELETE /v1/apps/hello/dynos/web", request -> request.response().setStatusCode(202).end());
        agent.on("POST /v1/apps/hello/dynos/web.2/stop", request -> request.response().setStatusCode(202).end());
        agent.json("POST /v1/apps/hello/releases/3/rollback", 201, "{\"version\":5,\"status\":\"succeeded\"}");
        agent.json("POST /v1/drain", 200, "{\"stopping\":4}");
        agent.on("GET /metrics", request -> request.response().end("dynod_dynos{state=\"up\"} 2\n"));

        client.restartAll("hello");
        client.restart("hello", "web");
        client.stop("hello", "web.2");
        assertThat(client.rollback("hello", 3).version()).isEqualTo(5);
        assertThat(client.drain().stopping()).isEqualTo(4);
        assertThat(client.metrics()).contains("dynod_dynos");
        assertThat(agent.received).extracting(r -> r.method() + " " + r.uri()).containsExactly(
                "DELETE /v1/apps/hello/dynos", "DELETE /v1/apps/hello/dynos/web", "POST /v1/apps/hello/dynos/web.2/stop",
                "POST /v1/apps/hello/releases/3/rollback", "POST /v1/drain", "GET /metrics");
    }

    @Test
    void trafficReportsPostTheAppsAndAnswerTheUnknownOnes() {
        agent.json("POST /v1/traffic", 200, "{\"unknown\":[\"gone\"],\"later\":1}");

        assertThat(client.reportTraffic(List.of("hello", "gone"))).containsExactly("gone");
        assertThat(agent.last().bodyText()).isEqualTo("{\"apps\":[\"hello\",\"gone\"]}");
        assertThatThrownBy(() -> client.reportTraffic(List.of("Bad_Name"))).hasMessageContaining("app name \"Bad_Name\"");
    }

    @Test
    void slugUploadsStreamTheFileWithItsHash(@TempDir Path dir) throws Exception {
        byte[] slug = new byte[200_000];
        new java.util.Random(7).nextBytes(slug);
        Path file = Files.write(dir.resolve("slug.tgz"), slug);
        String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        agent.json("POST /v1/apps/hello/releases", 201, "{\"version\":1,\"slug\":{\"sha256\":\"" + sha + "\"}}");

        assertThat(client.uploadRelease("hello", file, sha).version()).isEqualTo(1);
        assertThat(agent.last().uri()).isEqualTo("/v1/apps/hello/releases?sha256=" + sha);
        assertThat(agent.last().contentType()).isEqualTo("application/gzip");
        assertThat(agent.last().body()).isEqualTo(slug);

        client.createRelease("hello", ReleaseCreate.fromPath("/srv/slugs/hello.tgz", null));
        assertThat(agent.last().bodyText()).isEqualTo("{\"slug_path\":\"/srv/slugs/hello.tgz\"}");
    }

    // --- errors ---

    @Test
    void agentErrorsCarryStatusIdAndMessage() {
        agent.json("PUT /v1/apps/hello", 400, "{\"id\":\"bad_request\",\"message\":\"app settings: unknown field \\\"x\\\"\"}");
        agent.json("GET /v1/apps/ghost", 404, "{\"id\":\"not_found\",\"message\":\"app ghost not found\"}");
        agent.json("PATCH /v1/apps/hello/formation", 409,
                "{\"id\":\"conflict\",\"message\":\"a release of hello is in progress\"}");

        assertAgentError(() -> client.createApp("hello", AppSettings.none()), 400, "bad_request", "app settings: unknown field \"x\"");
        assertAgentError(() -> client.app("ghost"), 404, "not_found", "app ghost not found");
        assertAgentError(() -> client.updateFormation("hello", new FormationBatch(List.of(new FormationUpdate("web", 1, null)))),
                409, "conflict", "a release of hello is in progress");
    }

    @Test
    void unauthorizedSaysWhereTheTokenCameFrom() {
        agent.json("GET /v1/apps", 401, "{\"id\":\"unauthorized\",\"message\":\"missing or wrong token\"}");
        assertAgentError(client::apps, 401, "unauthorized", "missing or wrong token (the agent refused the token from the caller)");
        try (AgentClient anonymous = AgentClient.create(vertx, AgentEndpoint.of(agent.url(), null), SHORT)) {
            assertAgentError(anonymous::apps, 401, "unauthorized",
                    "missing or wrong token (no token: set DYNOD_TOKEN or make $DYNOD_HOME/agent.token readable)");
        }
    }

    @Test
    void nonJsonErrorsStillGiveOneLine() {
        agent.on("GET /v1/apps", request -> request.response().setStatusCode(502).end("<html>bad gateway</html>"));
        assertAgentError(client::apps, 502, "http_502",
                "agent at " + agent.url() + " answered GET /v1/apps with 502 Bad Gateway");
    }

    @Test
    void unreadableSuccessIsABadResponse() {
        agent.json("GET /v1/apps", 200, "{not json");
        assertThatThrownBy(client::apps)
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.id()).isEqualTo(AgentException.BAD_RESPONSE))
                .hasMessageStartingWith("agent at " + agent.url() + " answered GET /v1/apps with something unreadable: ");
    }

    @Test
    void connectionRefusedNamesTheUrl() throws Exception {
        // a bound socket that never listens holds the port, so nothing else can take it meanwhile
        // and a connect to it is refused
        try (java.net.Socket reserved = new java.net.Socket()) {
            reserved.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            String url = "http://127.0.0.1:" + reserved.getLocalPort();
            try (AgentClient nowhere = AgentClient.create(vertx, AgentEndpoint.of(url, "t"), SHORT)) {
                assertAgentError(nowhere::apps, 0, AgentException.UNREACHABLE,
                        "cannot connect to the agent at " + url + ": connection refused (is the agent running?)");
            }
        }
    }

    @Test
    void silentAgentTimesOutForCallsAndStreams() {
        agent.on("GET /v1/apps", request -> {}); // never answers
        agent.on("GET /v1/events", request -> {});
        try (AgentClient impatient = AgentClient.create(vertx, AgentEndpoint.of(agent.url(), "t"), QUICK)) {
            assertAgentError(impatient::apps, 0, AgentException.TIMEOUT,
                    "agent at " + agent.url() + " did not answer GET /v1/apps within 1s");
            Subscription silentStream = impatient.events(event -> {});
            assertThatThrownBy(() -> awaitEnd(silentStream))
                    .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.id()).isEqualTo(AgentException.TIMEOUT))
                    .hasMessage("agent at " + agent.url() + " did not answer GET /v1/events within 1s");
        }
    }

    @Test
    void blockingCallsRefuseToRunOnAnEventLoop() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                client.apps();
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("AgentClient's blocking calls must not run on an event loop");
    }

    // --- streams ---

    @Test
    void eventsStreamAsNdjsonSkippingKeepAlivesAndUnknownTypes() {
        agent.on("GET /v1/events", request -> {
            HttpServerResponse response = ndjson(request.response());
            response.write("{\"type\":\"endpoint\",\"app\":\"hello\",\"dyno\":\"web.1\",\"host\":\"127.0.0.1\",");
            response.write("\"port\":40123,\"up\":true}\n\n");
            response.write("{\"type\":\"dyno.memory\",\"app\":\"hello\"}\n");
            response.write("{\"type\":\"synced\",\"at\":\"2026-11-26T11:02:03Z\"}\r\n");
            response.end("{\"type\":\"dyno.state\",\"app\":\"hello\",\"dyno\":\"web.1\",\"previous_state\":\"up\",\"state\":\"crashed\"}\n");
        });
        List<Event> events = new CopyOnWriteArrayList<>();
        Subscription subscription = client.events(events::add);
        awaitEnd(subscription);

        assertThat(events).hasExactlyElementsOfTypes(EndpointChanged.class, Synced.class, DynoStateChanged.class);
        assertThat(((EndpointChanged) events.get(0)).port()).isEqualTo(40123);
        assertThat(((DynoStateChanged) events.get(2)).state()).isEqualTo(DynoState.CRASHED);
        assertThat(agent.last().authorization()).isEqualTo("Bearer s3cret");
    }

    @Test
    void aQuietStreamOutlivesTheCallIdleTimeout() {
        agent.on("GET /v1/events", request -> {
            HttpServerResponse response = ndjson(request.response());
            response.write("{\"type\":\"synced\"}\n");
            // Two and a half times the client's idle timeout of silence before the next event.
            vertx.setTimer(2500, t -> response.end("{\"type\":\"app.destroyed\",\"app\":\"hello\"}\n"));
        });
        List<Event> events = new CopyOnWriteArrayList<>();
        try (AgentClient impatient = AgentClient.create(vertx, AgentEndpoint.of(agent.url(), "t"), QUICK)) {
            awaitEnd(impatient.events(events::add));
        }
        assertThat(events).hasSize(2);
    }

    @Test
    void cancelClosesTheConnectionAndStopsDelivery() throws Exception {
        CompletableFuture<Void> serverSawClose = new CompletableFuture<>();
        agent.on("GET /v1/events", request -> {
            HttpServerResponse response = ndjson(request.response());
            response.closeHandler(v -> serverSawClose.complete(null));
            response.write("{\"type\":\"synced\"}\n");
        });
        List<Event> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = new CompletableFuture<>();
        Subscription subscription = client.events(event -> {
            events.add(event);
            first.complete(null);
        });
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        subscription.cancel();

        serverSawClose.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(subscription.done()).isCompleted();
        assertThat(events).hasSize(1);
    }

    @Test
    void aFailingSubscriberEndsTheStreamWithItsException() throws Exception {
        CompletableFuture<Void> serverSawClose = new CompletableFuture<>();
        agent.on("GET /v1/events", request -> {
            HttpServerResponse response = ndjson(request.response());
            response.closeHandler(v -> serverSawClose.complete(null));
            response.write("{\"type\":\"synced\"}\n");
        });
        Subscription subscription = client.events(event -> {
            throw new IllegalStateException("router table full");
        });
        assertThatThrownBy(() -> awaitEnd(subscription)).isInstanceOf(IllegalStateException.class).hasMessage("router table full");
        serverSawClose.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void logsStreamTextLinesWithTheirQuery() {
        agent.on("GET /v1/apps/hello/log-stream", request -> request.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .write("2026-11-26T11:02:03.123456+00:00 app[web.1]: hello\n2026-11-26T11:02:04.000001+00:00 ")
                .compose(v -> request.response().end("dynod[web.1]: State changed from starting to up\n")));
        List<String> lines = new CopyOnWriteArrayList<>();
        awaitEnd(client.logs("hello", new LogQuery(true, 5, "web.1", "app"), lines::add));

        assertThat(lines).containsExactly(
                "2026-11-26T11:02:03.123456+00:00 app[web.1]: hello",
                "2026-11-26T11:02:04.000001+00:00 dynod[web.1]: State changed from starting to up");
        assertThat(agent.last().uri()).isEqualTo("/v1/apps/hello/log-stream?tail=true&lines=5&dyno=web.1&source=app");
    }

    @Test
    void aRefusedStreamFailsWithTheAgentError() {
        agent.json("GET /v1/apps/ghost/log-stream", 404, "{\"id\":\"not_found\",\"message\":\"app ghost not found\"}");
        Subscription subscription = client.logs("ghost", LogQuery.recent(), line -> {});
        assertThatThrownBy(() -> awaitEnd(subscription))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("app ghost not found");
    }

    @Test
    void oneOffOutputEndsWithTheExitStatus() {
        agent.on("POST /v1/apps/hello/dynos", request -> ndjson(request.response())
                .end("{\"kind\":\"started\",\"dyno\":\"run.4821\"}\n{\"kind\":\"output\",\"line\":\"hi\"}\n"
                        + "{\"kind\":\"exited\",\"status\":3}\n"));
        List<RunOutput> output = new CopyOnWriteArrayList<>();
        awaitEnd(client.run("hello", DynoCreate.of("echo hi; exit 3"), output::add));

        assertThat(output).containsExactly(RunOutput.started("run.4821"), RunOutput.output("hi"), RunOutput.exited(3));
        assertThat(agent.last().bodyText()).isEqualTo("{\"command\":\"echo hi; exit 3\"}");
    }

    /** Waits, bounded, for the stream to end; rethrows its failure as {@link Subscription#await()} does. */
    private static void awaitEnd(Subscription subscription) {
        subscription.done().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS);
        subscription.await();
    }

    private static HttpServerResponse ndjson(HttpServerResponse response) {
        return response.setChunked(true).putHeader("Content-Type", "application/x-ndjson");
    }

    private static void assertAgentError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String id, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.status()).as("status").isEqualTo(status);
                    assertThat(e.id()).as("id").isEqualTo(id);
                })
                .hasMessage(message);
    }
}
