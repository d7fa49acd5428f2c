package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynod.cli.testing.Await;
import io.dynod.cli.testing.HostTools;
import io.dynod.cli.testing.ProcTable;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7's separate-process mode on the built jar: {@code dynod router --agent URL} against a
 * {@code dynod agent} on the same host, with examples/hello booting slowly (BOOT_DELAY_MS). The
 * router's traffic reports keep the app awake, a request wakes it once it sleeps, and the agent
 * restarts (SIGTERM, then SIGKILL) under load without one failed request.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SeparateProcessIT {

    static final Pattern ANSWER = Pattern.compile("Hello from \\S+ on (web\\.\\d+), request #(\\d+)\n");
    private static final Duration UP = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private AgentProcess agent;
    private RouterProcess router;

    @AfterEach
    void stop() throws Exception {
        try {
            if (router != null) {
                router.close();
            }
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
    }

    @Test
    void trafficReportsKeepTheAppUpThenItIdlesAndOneRequestWakesIt() throws Exception {
        long web1 = startAgentRouterAndHello();

        // a request every 100 ms; the idle period is set while they flow, then 120 more (over 12 s,
        // three idle periods) must not let the app sleep
        RouterLoad paced = RouterLoad.start(router, "hello", ANSWER, 1, 1_000, Duration.ofMinutes(2),
                Duration.ofMillis(100));
        try {
            AgentCliIT.ok(agent.cli("apps:update", "-a", "hello", "--idle-after", "4s"), "");
            paced.awaitServed(paced.served() + 120);
            // checked while the requests still flow: once they stop, the app may sleep at any time
            assertThat(web1(agent).get("state").asText()).as("web.1 while requests flow").isEqualTo("up");
            assertThat(agent.dynoPid("hello", "web.1")).as("never idled and restarted").isEqualTo(web1);
            assertThat(dynodLog()).doesNotContain("Idling");
        } finally {
            paced.stop();
        }
        assertThat(paced.failures()).isEmpty();

        Await.until(Duration.ofSeconds(60), "web.1 idle once requests stopped",
                () -> state().equals("idle"), this::dynodLog);
        assertThat(dynodLog()).contains("Idling", "State changed from up to idle");
        assertThat(dyno(agent, "hello", "worker.1").get("state").asText()).as("the worker sleeps with the web dyno").isEqualTo("idle");

        int launches = AgentProcess.launches(webLog());
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(router.http.sendAsync(router.request("hello").build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<Long> numbers = new TreeSet<>();
        for (CompletableFuture<HttpResponse<String>> f : responses) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Matcher m = ANSWER.matcher(r.body());
            assertThat(m.matches()).as(r.body()).isTrue();
            numbers.add(Long.parseLong(m.group(2)));
            assertThat(r.headers().firstValue("Dynod-Cold-Start")).as("held for the cold start").isPresent();
        }
        assertThat(numbers).hasSize(50).first().isEqualTo(1L); // one fresh process answered them all
        assertThat(AgentProcess.launches(webLog())).as("one boot for the wake").isEqualTo(launches + 1);
        assertThat(dynodLog()).contains("Unidling", "State changed from idle to starting");

        // asleep again, and the agent away (restarting) when the next request comes: it is held
        // until the new agent takes the wake
        Await.until(Duration.ofSeconds(60), "web.1 idle again", () -> state().equals("idle"), this::dynodLog);
        assertThat(agent.terminate()).isIn(0, 143);
        CompletableFuture<HttpResponse<String>> held = router.http.sendAsync(router.request("hello").build(),
                HttpResponse.BodyHandlers.ofString());
        awaitRouterLog("cannot wake hello", 1);
        agent = restartedAgent();
        HttpResponse<String> woken = held.get(120, TimeUnit.SECONDS);
        assertThat(woken.statusCode()).as(woken.body()).isEqualTo(200);
        assertThat(woken.headers().firstValue("Dynod-Cold-Start")).isPresent();
        assertThat(router.output.toString()).contains("woke hello: the agent is back");
    }

    @Test
    void anAgentRestartUnderLoadFailsNoRequestAndTheRouterFollowsTheNewAgent() throws Exception {
        long web1 = startAgentRouterAndHello();
        AgentCliIT.awaitPs(agent, "worker.1: up");
        long worker1 = agent.dynoPid("hello", "worker.1");
        int launches = AgentProcess.launches(webLog());

        RouterLoad load = RouterLoad.start(router, "hello", ANSWER, 8, 4_000, Duration.ofMinutes(3), Duration.ZERO);
        try {
            load.awaitServed(200);
            assertThat(agent.terminate()).as("agent exit on SIGTERM").isIn(0, 143);
            assertThat(ProcTable.isLive(web1)).as("web.1 after the agent's SIGTERM").isTrue();
            load.awaitServed(load.served() + 200); // served with no agent at all
            agent = restartedAgent();
            awaitRouterLog("is back", 1);
            load.awaitServed(load.served() + 200);

            agent.process.destroyForcibly(); // kill -9: no shutdown at all
            assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcTable.isLive(web1)).as("web.1 after the agent's SIGKILL").isTrue();
            load.awaitServed(load.served() + 200);
            agent = restartedAgent();
            awaitRouterLog("is back", 2);
            load.awaitServed(load.served() + 200);
        } finally {
            load.stop();
        }
        assertThat(load.failures()).as("failed requests to the up app").isEmpty();
        awaitRouterLog("traffic reports reach the agent again", 2);
        assertThat(count(router.output.toString(), "traffic report to the agent failed")).as("one line per outage")
                .isEqualTo(2);
        assertThat(load.served()).isGreaterThanOrEqualTo(1_000);
        System.out.println("SeparateProcessIT: " + load.served() + " requests from 8 clients through an agent SIGTERM"
                + " and a SIGKILL, each followed by a new agent; 0 failed");

        AgentCliIT.awaitPs(agent, "web.1: up", "worker.1: up");
        assertThat(agent.dynoPid("hello", "web.1")).as("re-adopted, not restarted").isEqualTo(web1);
        assertThat(agent.dynoPid("hello", "worker.1")).isEqualTo(worker1);
        assertThat(AgentProcess.launches(webLog())).as("web.1 not started again").isEqualTo(launches);

        // the router follows the new agent: web.2 comes up and gets requests
        AgentCliIT.ok(agent.cli("ps:scale", "-a", "hello", "web=2"), "web at 2");
        awaitServed("web.2");
    }

    @Test
    void anOpenEventStreamThroughTheRouterKeepsTheAppAwake() throws Exception {
        HostTools.require("setsid", "sh");
        agent = AgentProcess.start(dir.resolve("home"));
        router = new RouterProcess(agent, List.of("--traffic-interval", "1s"));
        Path sse = SseApp.copy(dir);
        AgentCliIT.ok(agent.cli("apps:create", "sse"), "sse");
        // 4 s: a report crosses a process boundary every second, so a loaded machine gets some slack
        AgentCliIT.ok(agent.cli("apps:update", "-a", "sse", "--idle-after", "4s"), "");
        AgentCliIT.ok(agent.cli("deploy", "-a", "sse", sse.toString()), "done, v1");
        AgentCliIT.ok(agent.cli("ps:scale", "-a", "sse", "web=1"), "web at 1");

        // it may be asleep already: the stream's request wakes it, and from then on it stays up
        HttpResponse<InputStream> stream = router.http.send(router.request("sse").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            int ticks = SseApp.readTicks(events, 60); // 60 × 200 ms: 3 idle periods
            assertThat(ticks).as("the stream was never cut by an idle sleep").isEqualTo(60);
            assertThat(state("sse")).isEqualTo("up");
        }
        Await.until(Duration.ofSeconds(60), "sse idle once the stream is closed", () -> state("sse").equals("idle"),
                () -> state("sse"));
    }

    /** An agent, hello deployed to it, a router following it that serves hello; answers web.1's pid. */
    private long startAgentRouterAndHello() throws Exception {
        HostTools.require("setsid", "sh");
        agent = AgentProcess.start(dir.resolve("home"));
        deployHello();
        router = new RouterProcess(agent, List.of("--traffic-interval", "1s"));
        awaitServed("web.1");
        return agent.dynoPid("hello", "web.1");
    }

    private AgentProcess restartedAgent() throws Exception {
        AgentProcess next = new AgentProcess(agent.home, agent.port, Map.of());
        next.awaitHealthy();
        return next;
    }

    private void awaitRouterLog(String text, int times) {
        Await.until(UP, "the router log to say \"" + text + "\" " + times + " times",
                () -> count(router.output.toString(), text) >= times, router.output::toString);
    }

    /** Creates and deploys examples/hello with BOOT_DELAY_MS, one web and one worker dyno; waits for web.1 on that release. */
    private void deployHello() throws Exception {
        AgentCliIT.ok(agent.cli("apps:create", "hello"), "hello");
        AgentCliIT.ok(agent.cli("deploy", "-a", "hello", "examples/hello"), "done, v1");
        AgentCliIT.ok(agent.cli("config:set", "-a", "hello", "BOOT_DELAY_MS=1500"), "BOOT_DELAY_MS");
        AgentCliIT.ok(agent.cli("ps:scale", "-a", "hello", "web=1", "worker=1"), "web at 1");
        Await.until(UP, "web.1 up on v2", () -> {
            JsonNode web = web1(agent);
            return web != null && web.get("state").asText().equals("up")
                    && web.path("release").path("version").asInt() == 2;
        }, () -> String.valueOf(web1(agent)));
    }

    /** Sends requests through the router until {@code dyno} answers one. */
    private void awaitServed(String dyno) {
        Await.until(UP, dyno + " to answer through the router", () -> {
            try {
                HttpResponse<String> r = router.get("hello");
                Matcher m = ANSWER.matcher(r.body());
                return r.statusCode() == 200 && m.matches() && m.group(1).equals(dyno);
            } catch (Exception e) {
                return false;
            }
        }, router.output::toString);
    }

    private static JsonNode web1(AgentProcess agent) {
        return dyno(agent, "hello", "web.1");
    }

    private static JsonNode dyno(AgentProcess agent, String app, String name) {
        try {
            for (JsonNode dyno : JSON.readTree(agent.cli("ps", "-a", app, "--json").out())) {
                if (dyno.get("name").asText().equals(name)) {
                    return dyno;
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String state() {
        return state("hello");
    }

    private String state(String app) {
        JsonNode web = dyno(agent, app, "web.1");
        return web == null ? "none" : web.get("state").asText();
    }

    private String dynodLog() {
        return log("--source", "dynod");
    }

    private String webLog() {
        return log("--dyno", "web.1", "--source", "dynod");
    }

    private String log(String... filter) {
        List<String> args = new ArrayList<>(List.of("logs", "-a", "hello", "-n", "1500"));
        args.addAll(List.of(filter));
        try {
            return agent.cli(args.toArray(String[]::new)).out();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
