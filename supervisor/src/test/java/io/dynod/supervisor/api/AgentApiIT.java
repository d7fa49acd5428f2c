package io.dynod.supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import io.dynod.supervisor.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent API on a real agent over loopback (temp home, free port, real dyno processes): every
 * endpoint's happy path, auth, the 400 corpus with each message, 404, 409, body caps, and the
 * state unchanged after every refused call.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentApiIT {
    static final long MAX_BODY = 16 * 1024;
    static final long MAX_SLUG = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOOT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestAgentApi api;
    static Path slug;
    static String slugSha;

    @BeforeAll
    static void startAgent() throws Exception {
        api = new TestAgentApi(dir.resolve("home"), MAX_BODY, MAX_SLUG);
        slug = TestAgentApi.helloSlug(dir);
        slugSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(slug)));
        ok(api.call("PUT", "/v1/apps/corpus", null), 201);
        ok(api.upload("corpus", slug, ""), 201);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    // ---- auth ----

    @Test
    void healthzNeedsNoTokenAndEverythingElseNeedsTheRightOne() throws Exception {
        TestAgentApi.Answer health = api.call("GET", "/healthz", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("ok");
        String wrongSameLength = "Bearer " + "0".repeat(api.agent.token().length());
        for (String auth : new String[] {null, wrongSameLength, "Bearer short", "Basic " + api.agent.token(), "Bearer"}) {
            for (String path : new String[] {"/v1/apps", "/metrics", "/v1/events", "/v1/apps/corpus/config-vars"}) {
                TestAgentApi.Answer refused = api.call("GET", path, null, auth);
                assertThat(refused.status()).as("%s with %s", path, auth).isEqualTo(401);
                assertThat(json(refused).get("id").asText()).isEqualTo("unauthorized");
                assertThat(refused.headers().get("www-authenticate")).containsExactly("Bearer");
            }
        }
        String before = state("corpus");
        assertThat(api.call("DELETE", "/v1/apps/corpus", null, wrongSameLength).status()).isEqualTo(401);
        assertThat(state("corpus")).isEqualTo(before);
    }

    @Test
    void tokenFileIsOwnerOnly() throws Exception {
        Path token = api.home.resolve("agent.token");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(token).strip()).isEqualTo(api.agent.token()).matches("[0-9a-f]{64}");
    }

    // ---- happy paths ----

    @Test
    void appsCreateShowUpdateListDestroy() throws Exception {
        JsonNode created = json(ok(api.call("PUT", "/v1/apps/settings", "{\"idle_after\":\"5m\"}"), 201));
        assertThat(created.get("name").asText()).isEqualTo("settings");
        assertThat(created.get("idle_after").asText()).isEqualTo("5m");
        assertThat(created.has("release")).isFalse();
        JsonNode patched = json(ok(api.call("PATCH", "/v1/apps/settings",
                "{\"domains\":[\"settings.example.com\"]}"), 200));
        assertThat(patched.get("idle_after").asText()).as("left out, kept").isEqualTo("5m");
        assertThat(patched.get("domains").get(0).asText()).isEqualTo("settings.example.com");
        assertThat(json(ok(api.call("PATCH", "/v1/apps/settings", "{\"idle_after\":\"off\"}"), 200))
                .get("idle_after").asText()).isEqualTo("off");
        assertThat(json(ok(api.call("GET", "/v1/apps/settings", null), 200)).get("domains").size()).isEqualTo(1);
        assertThat(ok(api.call("GET", "/v1/apps", null), 200)).contains("\"name\":\"settings\"");
        ok(api.call("DELETE", "/v1/apps/settings", null), 200);
        assertThat(api.call("GET", "/v1/apps/settings", null).status()).isEqualTo(404);
        assertThat(ok(api.call("GET", "/v1/apps", null), 200)).doesNotContain("\"name\":\"settings\"");
    }

    @Test
    void deployScaleConfigRollbackRestartRunLogsEventsAndWake() throws Exception {
        ok(api.call("PUT", "/v1/apps/hello", null), 201);
        List<String> events = new CopyOnWriteArrayList<>();
        Stream<String> eventLines = stream("/v1/events", events);
        Await.until(BOOT, "the events snapshot", () -> events.stream().anyMatch(e -> e.contains("\"synced\"")),
                events::toString);
        assertThat(events.get(0)).contains("\"type\":\"app\"");

        JsonNode v1 = json(ok(api.upload("hello", slug, "?sha256=" + slugSha), 201));
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("current").asBoolean()).isTrue();
        assertThat(v1.get("slug").get("sha256").asText()).isEqualTo(slugSha);
        assertThat(v1.get("process_types").get("web").asText()).contains("TestWebApp");
        JsonNode formation = json(ok(api.call("GET", "/v1/apps/hello/formation", null), 200));
        assertThat(formation.toString()).contains("\"type\":\"web\",\"quantity\":1").contains("\"type\":\"worker\",\"quantity\":0");

        JsonNode scaled = json(ok(api.call("PATCH", "/v1/apps/hello/formation",
                "{\"updates\":[{\"type\":\"web\",\"quantity\":2},{\"type\":\"worker\",\"quantity\":1,\"size\":\"Standard-2X\"}]}"), 200));
        assertThat(scaled.toString()).contains("\"type\":\"web\",\"quantity\":2,\"size\":\"standard-1x\"")
                .contains("\"type\":\"worker\",\"quantity\":1,\"size\":\"standard-2x\"");
        List<JsonNode> up = awaitUp("hello", 3);
        for (JsonNode dyno : up) {
            if (dyno.get("type").asText().equals("web")) {
                assertThat(get("http://127.0.0.1:" + dyno.get("port").asInt() + "/")).startsWith(dyno.get("name").asText());
            }
        }
        Await.until(BOOT, "endpoint events for both web dynos", () -> events.stream()
                .filter(e -> e.contains("\"type\":\"endpoint\"") && e.contains("\"up\":true")).count() >= 2, events::toString);

        JsonNode vars = json(ok(api.call("PATCH", "/v1/apps/hello/config-vars", "{\"GREETING\":\"hi\",\"OTHER\":\"x\"}"), 200));
        assertThat(vars.toString()).isEqualTo("{\"GREETING\":\"hi\",\"OTHER\":\"x\"}");
        assertThat(json(ok(api.call("PATCH", "/v1/apps/hello/config-vars", "{\"OTHER\":null}"), 200)).toString())
                .isEqualTo("{\"GREETING\":\"hi\"}");
        assertThat(ok(api.call("GET", "/v1/apps/hello/config-vars", null), 200)).isEqualTo("{\"GREETING\":\"hi\"}");
        Await.until(BOOT, "the worker to run release v3 with the new config", () -> logs("hello", "?lines=1500&dyno=worker")
                .contains("tick 3 hi"), () -> logs("hello", "?lines=50"));
        JsonNode releases = json(ok(api.call("GET", "/v1/apps/hello/releases", null), 200));
        assertThat(releases.size()).isEqualTo(3);
        assertThat(releases.get(1).get("description").asText()).isEqualTo("Set GREETING, OTHER config vars");
        assertThat(releases.get(2).get("description").asText()).isEqualTo("Remove OTHER config vars");

        JsonNode v4 = json(ok(api.call("POST", "/v1/apps/hello/releases/1/rollback", null), 201));
        assertThat(v4.get("version").asInt()).isEqualTo(4);
        assertThat(v4.get("description").asText()).isEqualTo("Rollback to v1");
        assertThat(ok(api.call("GET", "/v1/apps/hello/config-vars", null), 200)).isEqualTo("{}");
        JsonNode v5 = json(ok(api.call("POST", "/v1/apps/hello/releases",
                "{\"slug_path\":\"" + slug + "\",\"sha256\":\"" + slugSha + "\",\"description\":\"by path\"}"), 201));
        assertThat(v5.get("version").asInt()).isEqualTo(5);
        JsonNode v6 = json(ok(api.call("POST", "/v1/apps/hello/releases", "{\"sha256\":\"" + slugSha + "\","
                + "\"config_vars\":{\"GREETING\":\"cached\"},\"process_types\":{\"worker\":\"echo only; sleep 600\"}}"), 201));
        assertThat(v6.get("process_types").toString()).isEqualTo("{\"worker\":\"echo only; sleep 600\"}");
        awaitUp("hello", 1);
        ok(api.call("POST", "/v1/apps/hello/releases/5/rollback", null), 201);
        awaitUp("hello", 3);

        String restartedBefore = logs("hello", "?lines=1500&source=dynod");
        ok(api.call("DELETE", "/v1/apps/hello/dynos/web.1", null), 202);
        ok(api.call("DELETE", "/v1/apps/hello/dynos/worker", null), 202);
        ok(api.call("POST", "/v1/apps/hello/dynos/web.2/stop", null), 202);
        ok(api.call("DELETE", "/v1/apps/hello/dynos", null), 202);
        Await.until(BOOT, "restart lines", () -> count(logs("hello", "?lines=1500&source=dynod"), "Restarting")
                >= count(restartedBefore, "Restarting") + 6, () -> logs("hello", "?lines=40"));
        awaitUp("hello", 3);

        String dynodLines = logs("hello", "?lines=1500&source=dynod");
        assertThat(dynodLines).contains("dynod[web.1]: State changed from starting to up").doesNotContain(" app[");
        assertThat(logs("hello", "?lines=3&dyno=web.2").lines().toList()).hasSize(3).allMatch(l -> l.contains("[web.2]"));

        List<String> run = new ArrayList<>();
        stream("POST", "/v1/apps/hello/dynos", "{\"command\":\"echo \\\"$GREETING $EXTRA $DYNO\\\"; echo second; exit 7\","
                + "\"env\":{\"EXTRA\":\"extra\"}}", run).close();
        assertThat(run.get(0)).matches("\\{\"kind\":\"started\",\"dyno\":\"run\\.[0-9]+\"}");
        String dyno = run.get(0).replaceAll(".*\"(run\\.[0-9]+)\".*", "$1");
        assertThat(run.subList(1, run.size())).containsExactly(
                "{\"kind\":\"output\",\"line\":\" extra " + dyno + "\"}",
                "{\"kind\":\"output\",\"line\":\"second\"}",
                "{\"kind\":\"exited\",\"status\":7}");

        assertThat(json(ok(api.call("POST", "/v1/apps/hello/wake", null), 202)).get("name").asText()).isEqualTo("hello");
        assertThat(ok(api.call("GET", "/metrics", null), 200)).contains("dynod_dynos ");

        ok(api.call("PATCH", "/v1/apps/hello/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":1}]}"), 200);
        Await.until(BOOT, "web.2's endpoint going down", () -> events.stream().anyMatch(e -> e.contains("\"dyno\":\"web.2\"")
                && e.contains("\"up\":false")), events::toString);
        assertThat(events).anyMatch(e -> e.contains("\"type\":\"dyno.state\"") && e.contains("\"state\":\"down\""));
        List<Long> pids = dynoPids("hello");
        assertThat(pids).as("web.1 and worker.1 run").hasSizeGreaterThanOrEqualTo(2).allMatch(pid -> pid > 0);
        JsonNode destroyed = json(ok(api.call("DELETE", "/v1/apps/hello", null), 200));
        assertThat(destroyed.get("name").asText()).isEqualTo("hello");
        assertThat(pids).as("apps:destroy answers once the app's dynos have exited (as Heroku's does)")
                .allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(dynoPids("hello")).as("and their records are gone").isEmpty();
        Await.until(BOOT, "app.destroyed", () -> events.contains("{\"type\":\"app.destroyed\",\"app\":\"hello\"}"),
                events::toString);
        eventLines.close();
    }

    @Test
    void trafficReportsRecordTheKnownAppsAndAnswerTheUnknownOnes() throws Exception {
        Instant before = Instant.now();
        TestAgentApi.Answer refused = api.call("POST", "/v1/traffic", "{\"apps\":[\"corpus\"]}", "Bearer wrong");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(api.agent.traffic().lastActivity("corpus")).as("not recorded without the token")
                .isBefore(before);

        TestAgentApi.Answer answer = api.call("POST", "/v1/traffic", "{\"apps\":[\"corpus\",\"never-made\"]}");
        assertThat(json(ok(answer, 200)).get("unknown")).containsExactly(JSON.getNodeFactory().textNode("never-made"));
        assertThat(api.agent.traffic().lastActivity("corpus")).isAfterOrEqualTo(before);
        assertThat(api.agent.traffic().lastActivity("never-made")).as("unknown apps are not recorded").isBefore(before);
        assertThat(json(ok(api.call("POST", "/v1/traffic", "{\"apps\":[]}"), 200)).get("unknown")).isEmpty();
    }

    @Test
    void runningOneOffsAreListedWithTheDynosUntilTheyEndAndDestroyStopsThem() throws Exception {
        ok(api.call("PUT", "/v1/apps/oneoffs", null), 201);
        ok(api.upload("oneoffs", slug, ""), 201);
        awaitUp("oneoffs", 1);
        String command = "echo \"pid $$\"; exec sleep 600";

        OneOff left = OneOff.start("oneoffs", command, "standard-2x");
        JsonNode listed = dyno("oneoffs", left.name).orElseThrow(() -> new AssertionError(left.name + " not listed"));
        assertThat(listed.get("type").asText()).isEqualTo("run");
        assertThat(listed.get("state").asText()).isEqualTo("up");
        assertThat(listed.get("command").asText()).isEqualTo(command);
        assertThat(listed.get("size").asText()).isEqualTo("standard-2x");
        assertThat(listed.get("release").get("version").asInt()).isEqualTo(1);
        assertThat(listed.path("port").isNumber()).as("a one-off has no port: " + listed).isFalse();
        left.lines.close(); // its client leaves: SIGTERM, and it is no longer listed once it has exited
        Await.until(BOOT, left.name + " gone from the list", () -> dyno("oneoffs", left.name).isEmpty(),
                () -> logs("oneoffs", "?lines=50"));
        Await.until(BOOT, "pid " + left.pid + " gone", () -> gone(left.pid), () -> logs("oneoffs", "?lines=50"));

        OneOff stopped = OneOff.start("oneoffs", command, null);
        ok(api.call("POST", "/v1/apps/oneoffs/dynos/" + stopped.name + "/stop", null), 202); // ps:stop run.N
        Await.until(BOOT, "pid " + stopped.pid + " stopped", () -> gone(stopped.pid), () -> logs("oneoffs", "?lines=50"));
        Await.until(BOOT, stopped.name + " gone from the list, not started again",
                () -> dyno("oneoffs", stopped.name).isEmpty(), () -> logs("oneoffs", "?lines=50"));
        stopped.lines.close();

        OneOff running = OneOff.start("oneoffs", command, null);
        assertThat(dyno("oneoffs", running.name)).isPresent();
        ok(api.call("DELETE", "/v1/apps/oneoffs", null), 200);
        assertThat(gone(running.pid)).as("destroy stops a running one-off too, and answers once it has exited").isTrue();
        List<String> rest = new ArrayList<>();
        running.rest.forEachRemaining(rest::add);
        assertThat(rest).last().isEqualTo("{\"kind\":\"exited\",\"status\":143}");
    }

    /** A one-off started through the API and still running: its name, its pid (its first output line) and its stream. */
    private record OneOff(String name, long pid, Stream<String> lines, Iterator<String> rest) {
        static OneOff start(String app, String command, String size) throws Exception {
            ObjectNode body = JSON.createObjectNode().put("command", command);
            if (size != null) {
                body.put("size", size);
            }
            HttpRequest request = HttpRequest.newBuilder(api.uri("/v1/apps/" + app + "/dynos"))
                    .header("Authorization", "Bearer " + api.agent.token())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<Stream<String>> response = api.http.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Iterator<String> lines = response.body().filter(l -> !l.isEmpty()).iterator();
            String name = json(lines.next()).get("dyno").asText();
            String pidLine = json(lines.next()).get("line").asText();
            assertThat(pidLine).startsWith("pid ");
            return new OneOff(name, Long.parseLong(pidLine.substring(4)), response.body(), lines);
        }
    }

    private static Optional<JsonNode> dyno(String app, String name) {
        try {
            for (JsonNode d : json(ok(api.call("GET", "/v1/apps/" + app + "/dynos", null), 200))) {
                if (d.get("name").asText().equals(name)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** The pids in an app's dyno records ({@code run/<app>/<dyno>.json}). */
    private static List<Long> dynoPids(String app) throws Exception {
        Path records = api.home.resolve("run").resolve(app);
        if (!Files.isDirectory(records)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(records)) {
            List<Long> pids = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                pids.add(JSON.readTree(f.toFile()).get("pid").asLong());
            }
            return pids;
        }
    }

    @Test
    void logStreamTailFollowsNewLinesUntilTheClientLeaves() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Stream<String> tail = stream("/v1/apps/corpus/log-stream?tail=true&lines=0&source=dynod", lines)) {
            ok(api.call("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"worker\",\"quantity\":1}]}"), 200);
            Await.until(BOOT, "the new worker's state change in the tail",
                    () -> lines.stream().anyMatch(l -> l.contains("dynod[worker.1]: State changed from starting to up")),
                    lines::toString);
            ok(api.call("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"worker\",\"quantity\":0}]}"), 200);
            Await.until(BOOT, "the stop in the tail", () -> lines.stream()
                    .anyMatch(l -> l.contains("dynod[worker.1]: State changed from up to down")), lines::toString);
            assertThat(lines).allMatch(l -> l.contains(" dynod["));
        }
    }

    // ---- refusals ----

    static Stream<Arguments> badRequests() {
        String zeros = "0".repeat(64);
        return Stream.of(
                bad("PUT", "/v1/apps/Hello", null, 400, "app name \"Hello\": must be 2 to 30 lowercase letters"),
                bad("PUT", "/v1/apps/x", null, 400, "app name \"x\""),
                bad("PUT", "/v1/apps/newapp", "{\"idle_after\":\"5x\"}", 400, "idle-after \"5x\": must be a duration"),
                bad("PUT", "/v1/apps/newapp", "{\"idle_afte\":\"5m\"}", 400, "unknown field \"idle_afte\""),
                bad("PATCH", "/v1/apps/corpus", "{", 400, "app settings:"),
                bad("PATCH", "/v1/apps/corpus", null, 400, "app settings: body is empty"),
                bad("PATCH", "/v1/apps/corpus", "{\"domains\":[\"Bad_Domain\"]}", 400, "domain \"Bad_Domain\""),
                bad("PATCH", "/v1/apps/corpus", "{\"domains\":\"a.com\"}", 400, "domains"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":-1}]}", 400,
                        "quantity of web -1: must be 0 to 100"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":101}]}", 400,
                        "quantity of web 101"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":2,\"count\":2}]}", 400,
                        "unknown field \"updates[0].count\""),
                bad("PATCH", "/v1/apps/corpus/formation",
                        "{\"updates\":[{\"type\":\"web\",\"quantity\":1},{\"type\":\"web\",\"quantity\":2}]}", 400, "given twice"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"nope\",\"quantity\":1}]}", 400,
                        "no process type nope in release v1 of corpus (types: web, worker)"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"web\",\"size\":\"huge\"}]}", 400,
                        "dyno size \"huge\": must be one of"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[]}", 400, "give at least one process type"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"web\"}]}", 400, "give a quantity, a size or both"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":\"2\"}]}", 400, "quantity"),
                bad("PATCH", "/v1/apps/corpus/formation", "{\"updates\":[{\"type\":\"bad type\",\"quantity\":1}]}", 400,
                        "process type \"bad type\""),
                bad("PATCH", "/v1/apps/corpus/config-vars", "{\"1BAD\":\"x\"}", 400, "config var \"1BAD\""),
                bad("PATCH", "/v1/apps/corpus/config-vars", "{\"__X\":\"x\"}", 400, "must not start with \"__\""),
                bad("PATCH", "/v1/apps/corpus/config-vars", "{\"A\":1}", 400, "config vars:"),
                bad("PATCH", "/v1/apps/corpus/config-vars", "[]", 400, "config vars:"),
                bad("POST", "/v1/apps/corpus/releases", "{\"slug_path\":\"relative.tgz\"}", 400, "must be an absolute path"),
                bad("POST", "/v1/apps/corpus/releases", "{\"slug_url\":\"ftp://host/x.tgz\"}", 400, "must be an http or https URL"),
                bad("POST", "/v1/apps/corpus/releases", "{}", 400, "a slug is required: slug_path, slug_url or sha256"),
                bad("POST", "/v1/apps/corpus/releases", "{\"sha256\":\"abc\"}", 400, "sha256 \"abc\": must be 64 lowercase hex digits"),
                bad("POST", "/v1/apps/corpus/releases", "{\"sha256\":\"" + zeros + "\"}", 400, "no slug with sha256 " + zeros),
                bad("POST", "/v1/apps/corpus/releases", "{\"slug_path\":\"/nonexistent/x.tgz\"}", 400, "/nonexistent/x.tgz"),
                bad("POST", "/v1/apps/corpus/releases?x=1", "{\"sha256\":\"" + zeros + "\"}", 400, "unknown query parameter \"x\""),
                bad("POST", "/v1/apps/corpus/releases/abc/rollback", null, 400, "release version \"abc\""),
                bad("DELETE", "/v1/apps/corpus/dynos/web.x", null, 400, "dyno name \"web.x\""),
                bad("POST", "/v1/apps/corpus/dynos/web/stop", null, 400, "dyno name \"web\": must be TYPE.N"),
                bad("POST", "/v1/apps/corpus/dynos", "{\"command\":\"\"}", 400, "command is empty"),
                bad("POST", "/v1/apps/corpus/dynos", "{\"command\":\"true\",\"size\":\"tiny\"}", 400, "dyno size \"tiny\""),
                bad("GET", "/v1/apps/corpus/log-stream?lines=5000", null, 400, "lines 5000: must be 0 to 1500"),
                bad("GET", "/v1/apps/corpus/log-stream?lines=many", null, 400, "lines \"many\""),
                bad("GET", "/v1/apps/corpus/log-stream?source=router", null, 400, "source \"router\": must be app or dynod"),
                bad("GET", "/v1/apps/corpus/log-stream?tail=yes", null, 400, "tail \"yes\": must be true or false"),
                bad("GET", "/v1/apps/corpus/log-stream?bogus=1", null, 400, "unknown query parameter \"bogus\""),
                bad("GET", "/v1/apps/corpus/log-stream?dyno=a.b.c", null, 400, "dyno name \"a.b.c\""),
                bad("GET", "/v1/apps/nope", null, 404, "no app named nope on this agent"),
                bad("DELETE", "/v1/apps/nope", null, 404, "no app named nope"),
                bad("PATCH", "/v1/apps/nope/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":1}]}", 404, "no app named nope"),
                bad("PATCH", "/v1/apps/nope/config-vars", "{\"A\":\"b\"}", 404, "no app named nope"),
                bad("POST", "/v1/apps/nope/releases", "{\"sha256\":\"" + zeros + "\"}", 404, "no app named nope"),
                bad("GET", "/v1/apps/nope/log-stream", null, 404, "no app named nope"),
                bad("POST", "/v1/apps/nope/wake", null, 404, "no app named nope"),
                bad("POST", "/v1/traffic", null, 400, "traffic report: body is empty"),
                bad("POST", "/v1/traffic", "{\"apps\":[\"Bad_Name\"]}", 400, "app name \"Bad_Name\""),
                bad("POST", "/v1/traffic", "{\"apps\":\"corpus\"}", 400, "apps"),
                bad("POST", "/v1/traffic", "{\"apps\":[\"corpus\"],\"app\":1}", 400, "unknown field \"app\""),
                bad("POST", "/v1/traffic", "{}", 400, "apps"),
                bad("POST", "/v1/apps/corpus/releases/99/rollback", null, 404, "app corpus has no release v99"),
                bad("DELETE", "/v1/apps/corpus/dynos/web.9", null, 404, "app corpus has no dyno web.9"),
                bad("POST", "/v1/apps/corpus/dynos/worker.3/stop", null, 404, "app corpus has no dyno worker.3"),
                bad("GET", "/v1/nothing", null, 404, "no such endpoint: GET /v1/nothing"),
                bad("POST", "/v1/apps", null, 404, "POST is not allowed on /v1/apps"),
                bad("PUT", "/v1/apps/corpus", null, 409, "app corpus already exists"));
    }

    private static Arguments bad(String method, String path, String body, int status, String message) {
        return Arguments.of(method, path, body, status, message);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("badRequests")
    void refusedWithItsMessageAndNothingChanges(String method, String path, String body, int status, String message)
            throws Exception {
        String before = state("corpus");
        TestAgentApi.Answer answer = api.call(method, path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode error = json(answer);
        assertThat(error.get("id").asText()).isEqualTo(switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            default -> "conflict";
        });
        assertThat(error.get("message").asText()).contains(message);
        assertThat(state("corpus")).isEqualTo(before);
        assertThat(api.call("GET", "/v1/apps/newapp", null).status()).isEqualTo(404);
    }

    @Test
    void aChangeWhileAnotherIsInProgressIsAConflict() throws Exception {
        try (StallingSlugServer slow = new StallingSlugServer()) {
            String before = state("corpus");
            Thread release = new Thread(() -> {
                try {
                    slow.result = api.call("POST", "/v1/apps/corpus/releases", "{\"slug_url\":\"" + slow.url() + "\"}");
                } catch (Exception e) {
                    slow.failure = e;
                }
            });
            release.start();
            slow.awaitRequest();
            TestAgentApi.Answer config = api.call("PATCH", "/v1/apps/corpus/config-vars", "{\"A\":\"b\"}");
            assertThat(config.status()).isEqualTo(409);
            assertThat(json(config).get("message").asText())
                    .isEqualTo("another change to app corpus is in progress; try again when it is done");
            assertThat(api.call("PATCH", "/v1/apps/corpus/formation",
                    "{\"updates\":[{\"type\":\"web\",\"quantity\":2}]}").status()).isEqualTo(409);
            assertThat(api.call("DELETE", "/v1/apps/corpus", null).status()).isEqualTo(409);
            assertThat(api.call("GET", "/v1/apps/corpus", null).status()).as("reads go on").isEqualTo(200);
            slow.release();
            release.join(60_000);
            assertThat(slow.failure).isNull();
            assertThat(slow.result.status()).as(slow.result.body()).isEqualTo(400);
            assertThat(state("corpus")).isEqualTo(before);
        }
    }

    @Test
    void aClientThatStallsAfterItsRefusedBodyIsCutAfterTheDrainTime() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.agent.apiPort())) {
            socket.setSoTimeout((int) Call.DRAIN_LIMIT_MILLIS * 4);
            socket.getOutputStream().write(("PATCH /v1/apps/corpus/config-vars HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + api.agent.token() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + MAX_BODY * 4 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long sent = System.nanoTime();
            // never sends the body: the agent answers 413 at once, waits for the rest, then closes
            byte[] answer = socket.getInputStream().readAllBytes(); // a SocketTimeoutException if it never closes
            long closedAfterMillis = (System.nanoTime() - sent) / 1_000_000;
            assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 413").contains("payload_too_large");
            assertThat(closedAfterMillis).as("closed once the drain time ran out")
                    .isGreaterThanOrEqualTo(Call.DRAIN_LIMIT_MILLIS - 500);
        }
    }

    @Test
    void oversizedBodiesAreRefusedAndChangeNothing() throws Exception {
        String before = state("corpus");
        String big = "{\"A\":\"" + "x".repeat((int) MAX_BODY) + "\"}";
        TestAgentApi.Answer json = api.call("PATCH", "/v1/apps/corpus/config-vars", big);
        assertThat(json.status()).isEqualTo(413);
        assertThat(json(json).get("id").asText()).isEqualTo("payload_too_large");
        assertThat(json(json).get("message").asText()).isEqualTo("request body over the limit of " + MAX_BODY + " bytes");

        String chunked = rawChunked("PATCH", "/v1/apps/corpus/config-vars", (int) MAX_BODY * 2);
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("payload_too_large");

        Path hugeSlug = dir.resolve("huge.tgz");
        Files.write(hugeSlug, new byte[(int) MAX_SLUG + 1]);
        TestAgentApi.Answer upload = api.upload("corpus", hugeSlug, "");
        assertThat(upload.status()).isEqualTo(413);
        assertThat(json(upload).get("message").asText())
                .isEqualTo("slug of " + (MAX_SLUG + 1) + " bytes, over the upload limit of " + MAX_SLUG + " bytes");

        Path notASlug = dir.resolve("garbage.tgz");
        Files.writeString(notASlug, "not gzip");
        TestAgentApi.Answer garbage = api.upload("corpus", notASlug, "");
        assertThat(garbage.status()).isEqualTo(400);
        TestAgentApi.Answer wrongSha = api.upload("corpus", slug, "?sha256=" + "1".repeat(64));
        assertThat(wrongSha.status()).isEqualTo(400);
        assertThat(json(wrongSha).get("message").asText()).contains("expected " + "1".repeat(64));
        assertThat(state("corpus")).isEqualTo(before);
        assertThat(Files.list(api.agent.config().cacheDir().resolve(".uploads")).toList()).as("temp uploads removed").isEmpty();
    }

    @Test
    void drainStopsEveryDyno() throws Exception {
        ok(api.call("PUT", "/v1/apps/drained", null), 201);
        ok(api.upload("drained", slug, ""), 201);
        ok(api.call("PATCH", "/v1/apps/drained/formation", "{\"updates\":[{\"type\":\"worker\",\"quantity\":2}]}"), 200);
        List<JsonNode> up = awaitUp("drained", 3);
        assertThat(up).hasSize(3);
        List<Long> pids = dynoPids("drained");
        JsonNode drained = json(ok(api.call("POST", "/v1/drain", null), 200));
        assertThat(drained.get("stopping").asInt()).isGreaterThanOrEqualTo(3);
        // answered once they have exited: a host can go down right after
        assertThat(json(api.call("GET", "/v1/apps/drained/dynos", null))).isEmpty();
        assertThat(pids).hasSize(3).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        ok(api.call("DELETE", "/v1/apps/drained", null), 200);
    }

    // ---- helpers ----

    /** Everything a refused call must leave as it was: apps, releases, formation, config vars. */
    static String state(String app) throws Exception {
        return api.call("GET", "/v1/apps", null).body() + api.call("GET", "/v1/apps/" + app + "/releases", null).body()
                + api.call("GET", "/v1/apps/" + app + "/formation", null).body()
                + api.call("GET", "/v1/apps/" + app + "/config-vars", null).body();
    }

    static String ok(TestAgentApi.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.body();
    }

    static JsonNode json(TestAgentApi.Answer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static String logs(String app, String query) {
        try {
            return ok(api.call("GET", "/v1/apps/" + app + "/log-stream" + query, null), 200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String text, String word) {
        return text.lines().filter(l -> l.contains(word)).count();
    }

    static List<JsonNode> awaitUp(String app, int n) {
        List<JsonNode> seen = new ArrayList<>();
        Await.until(BOOT, n + " dynos of " + app + " up", () -> {
            seen.clear();
            try {
                json(ok(api.call("GET", "/v1/apps/" + app + "/dynos", null), 200)).forEach(seen::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return seen.size() == n && seen.stream().allMatch(d -> d.get("state").asText().equals("up"));
        }, seen::toString);
        return seen;
    }

    static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A GET stream read line by line into {@code into} on a thread; closing the returned stream disconnects. */
    static Stream<String> stream(String path, List<String> into) throws Exception {
        return stream("GET", path, null, into);
    }

    static Stream<String> stream(String method, String path, String body, List<String> into) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + api.agent.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<Stream<String>> response = api.http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Stream<String> lines = response.body();
        if (method.equals("POST")) {
            lines.filter(l -> !l.isEmpty()).forEach(into::add); // a one-off: read to its end
            return lines;
        }
        Thread reader = new Thread(() -> {
            try {
                lines.filter(l -> !l.isEmpty()).forEach(into::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** A chunked request body larger than {@code size}, sent raw; answers the status line and what followed. */
    static String rawChunked(String method, String path, int size) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.agent.apiPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + api.agent.token()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write(("400\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException cut) {
                // the agent answered and closed before all was sent: read what it said
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                answer.append(line).append('\n');
            }
            return answer.toString();
        }
    }
}
