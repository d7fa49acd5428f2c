package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client commands against a stand-in agent on a loopback port: the calls they make and what they print. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientCommandsIT {

    private Vertx vertx;
    private HttpServer server;
    private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    calls.add(request.method() + " " + request.uri() + (body.length() > 0 ? " " + body : ""));
                    routes.getOrDefault(request.method() + " " + request.path(), r -> r.response().setStatusCode(404)
                            .end("{\"id\":\"not_found\",\"message\":\"app ghost not found\"}")).handle(request);
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void relativeScaleReadsTheFormationThenPatchesIt() {
        json("GET /v1/apps/hello/formation", "[{\"type\":\"web\",\"quantity\":1,\"size\":\"standard-1x\",\"command\":\"w\"}]");
        json("PATCH /v1/apps/hello/formation", "[{\"type\":\"web\",\"quantity\":2,\"size\":\"standard-2x\",\"command\":\"w\"}]");

        assertThat(run("ps:scale", "-a", "hello", "web+1:Standard-2X")).isZero();

        assertThat(calls).containsExactly(
                "GET /v1/apps/hello/formation",
                "PATCH /v1/apps/hello/formation {\"updates\":[{\"type\":\"web\",\"quantity\":2,\"size\":\"standard-2x\"}]}");
        assertThat(out.toString()).isEqualTo("Scaling dynos... done, now running web at 2:standard-2x.\n");
    }

    @Test
    void configSetPatchesAndReportsTheNewRelease() {
        json("PATCH /v1/apps/hello/config-vars", "{\"GREETING\":\"hi there\"}");
        json("GET /v1/apps/hello", "{\"name\":\"hello\",\"release\":{\"version\":5}}");

        assertThat(run("config:set", "-a", "hello", "GREETING=hi there")).isZero();

        assertThat(calls.get(0)).isEqualTo("PATCH /v1/apps/hello/config-vars {\"GREETING\":\"hi there\"}");
        assertThat(out.toString()).isEqualTo("Setting GREETING and restarting hello... done, v5\nGREETING: hi there\n");
    }

    @Test
    void configUnsetSendsNulls() {
        json("PATCH /v1/apps/hello/config-vars", "{}");
        json("GET /v1/apps/hello", "{\"name\":\"hello\",\"release\":{\"version\":6}}");

        assertThat(run("config:unset", "-a", "hello", "A", "B")).isZero();

        assertThat(calls.get(0)).isEqualTo("PATCH /v1/apps/hello/config-vars {\"A\":null,\"B\":null}");
        assertThat(out.toString()).isEqualTo("Unsetting A and B and restarting hello... done, v6\n");
    }

    @Test
    void logsPrintTheLinesOfTheirQuery() {
        routes.put("GET /v1/apps/hello/log-stream", request -> request.response().setChunked(true)
                .end("2026-11-26T11:02:03.000001+00:00 dynod[web.1]: State changed from starting to up\n"));

        assertThat(run("logs", "-a", "hello", "-n", "5", "--dyno", "web.1", "--source", "dynod")).isZero();

        assertThat(calls).containsExactly("GET /v1/apps/hello/log-stream?lines=5&dyno=web.1&source=dynod");
        assertThat(out.toString()).isEqualTo("2026-11-26T11:02:03.000001+00:00 dynod[web.1]: State changed from starting to up\n");
    }

    @Test
    void psJsonIsTheAgentsDynoList() {
        json("GET /v1/apps/hello/dynos", "[{\"name\":\"web.1\",\"type\":\"web\",\"state\":\"up\",\"port\":4000}]");

        assertThat(run("ps", "-a", "hello", "--json")).isZero();

        assertThat(out.toString()).isEqualTo("[{\"name\":\"web.1\",\"type\":\"web\",\"state\":\"up\",\"port\":4000}]\n");
    }

    @Test
    void anAgentErrorIsOneLineAndExitCode1() {
        assertThat(run("releases", "-a", "ghost")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("dynod releases: app ghost not found\n");
    }

    private void json(String route, String body) {
        routes.put(route, request -> request.response().putHeader("Content-Type", "application/json").end(body));
    }

    private int run(String... args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withAgent = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--agent", "http://127.0.0.1:" + server.actualPort())).toArray(String[]::new);
        return cli.execute(withAgent);
    }
}
