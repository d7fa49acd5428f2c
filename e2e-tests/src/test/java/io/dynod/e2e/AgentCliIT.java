package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import io.dynod.cli.testing.HostTools;
import io.dynod.cli.testing.ProcTable;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PRODUCT.md §2's client commands against {@code dynod agent}, both from the built jar: the hello
 * example deployed, scaled, configured, run, rolled back, tailed and destroyed.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AgentCliIT {
    private static final Duration UP = Duration.ofSeconds(90);
    private static final Pattern PORT = Pattern.compile("\"name\":\"(web\\.[0-9]+)\".*?\"port\":([0-9]+)");

    @TempDir
    Path dir;

    @Test
    void deployScaleConfigRunRollbackLogsAndDestroyTheHelloApp() throws Exception {
        HostTools.require("setsid", "sh");
        try (AgentProcess agent = AgentProcess.start(dir.resolve("home"))) {
            ok(agent.cli("apps:create", "hello"), "Creating hello... done");
            ok(agent.cli("deploy", "-a", "hello", "examples/hello"), "Deploying examples/hello to hello... done, v1");
            ok(agent.cli("ps:scale", "-a", "hello", "web=2"), "web at 2:standard-1x");
            awaitPs(agent, "web.1: up", "web.2: up");
            String ps = ok(agent.cli("ps", "-a", "hello"), "=== web (standard-1x): java Hello.java web (2)");
            assertThat(ps).containsPattern("web\\.1: up 20\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 \\(~ \\d+s ago\\)");
            List<String> answers = new ArrayList<>();
            Matcher ports = PORT.matcher(ok(agent.cli("ps", "-a", "hello", "--json"), ""));
            while (ports.find()) {
                answers.add(get("http://127.0.0.1:" + ports.group(2) + "/"));
                // no APP_NAME set: the app names itself after its directory, /app in an isolated dyno
                // and the slug tree (named by its sha256) in a plain one
                assertThat(answers.get(answers.size() - 1)).matches("Hello from (app|[0-9a-f]{64}) on " + ports.group(1)
                        + ", request #1\n");
            }
            assertThat(answers).hasSize(2);

            ok(agent.cli("config:set", "-a", "hello", "GREETING=hi"), "GREETING");
            ok(agent.cli("releases", "-a", "hello"), "v2  Set GREETING config vars");
            Await.until(UP, "both web dynos restarted on v2", () -> logs(agent).contains("dynod[web.2]: State changed from starting to up")
                    && count(logs(agent), "State changed from starting to up") >= 4, () -> logs(agent));
            awaitPs(agent, "web.1: up", "web.2: up");
            String logs = logs(agent);
            assertThat(logs).contains("dynod[web.1]: State changed from up to starting")
                    .contains("app[web.1]: listening on port");

            AgentProcess.Result run = agent.cli("run", "-a", "hello", "echo", "one-off says $GREETING on $DYNO;", "exit", "4");
            assertThat(run.exit()).as(run.err()).isEqualTo(4);
            assertThat(run.out()).matches("one-off says hi on run\\.[0-9]+\n");
            assertThat(run.err()).contains("Running echo one-off says $GREETING on $DYNO; exit 4 on hello... up, run.");

            ok(agent.cli("rollback", "-a", "hello"), "Rolling back hello to v1... done, v3");
            ok(agent.cli("config", "-a", "hello"), "=== hello Config Vars");
            assertThat(agent.cli("config", "-a", "hello").out()).doesNotContain("GREETING");

            Process tail = agent.cliProcess("logs", "-a", "hello", "--tail", "-n", "1", "--source", "dynod");
            StringBuffer tailed = new StringBuffer();
            Thread copier = copy(tail.getInputStream(), tailed);
            // the one old line shows the tail is following before the restart is asked for
            Await.until(UP, "the tail to print the last dynod line", () -> !tailed.toString().isEmpty(), tailed::toString);
            ok(agent.cli("ps:restart", "-a", "hello", "web.1"), "");
            Await.until(UP, "the tail to show web.1's restart", () -> {
                String t = tailed.toString();
                int restarting = t.indexOf("dynod[web.1]: Restarting");
                return restarting >= 0 && t.indexOf("dynod[web.1]: State changed from starting to up", restarting) > 0;
            }, tailed::toString);
            assertThat(tail.isAlive()).as("--tail keeps following").isTrue();
            tail.toHandle().destroy(); // interrupted, as by Ctrl-C
            assertThat(tail.waitFor(30, TimeUnit.SECONDS)).isTrue();
            copier.join(5_000);

            Process oneOff = agent.cliProcess("run", "-a", "hello", "sleep", "600");
            awaitPs(agent, "=== run: one-off processes (1)");
            assertThat(agent.cli("ps", "-a", "hello").out()).containsPattern(
                    "run\\.[0-9]+ \\(standard-1x\\): up 20\\d\\d/\\d\\d/\\d\\d [0-9:]+ \\+0000 \\(~ \\d+s ago\\): sleep 600");

            long web1 = agent.dynoPid("hello", "web.1");
            ok(agent.cli("apps:destroy", "hello"), "hello");
            assertThat(ProcTable.isLive(web1)).as("apps:destroy returns once the dynos have exited").isFalse();
            assertThat(oneOff.waitFor(30, TimeUnit.SECONDS)).as("the one-off was stopped too").isTrue();
            assertThat(agent.cli("apps").out()).doesNotContain("hello");
            assertThat(agent.cli("ps", "-a", "hello").exit()).isEqualTo(1);
            assertThat(agent.cli("ps", "-a", "hello").err()).contains("no app named hello");
            assertThat(agent.terminate()).isIn(0, 143);
        }
    }

    static String ok(AgentProcess.Result result, String expected) {
        assertThat(result.exit()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.out()).contains(expected);
        return result.out();
    }

    static void awaitPs(AgentProcess agent, String... lines) {
        String[] seen = {""};
        Await.until(UP, String.join(", ", lines), () -> {
            try {
                seen[0] = agent.cli("ps", "-a", "hello").out();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (String line : lines) {
                if (!seen[0].contains(line)) {
                    return false;
                }
            }
            return true;
        }, () -> seen[0]);
    }

    static String logs(AgentProcess agent) {
        try {
            return agent.cli("logs", "-a", "hello", "-n", "1500").out();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static Thread copy(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> AgentProcess.copy(in, into));
        t.setDaemon(true);
        t.start();
        return t;
    }
}
