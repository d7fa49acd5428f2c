package io.dynod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cli.testing.Await;
import io.dynod.cli.testing.HostTools;
import io.dynod.cli.testing.ProcTable;
import io.dynod.supervisor.linux.UnixAddress;
import io.dynod.supervisor.linux.UnixDatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's agent lines, with this test playing systemd on a real datagram socket: READY only
 * once the API answers, WATCHDOG at half WATCHDOG_USEC, STOPPING on SIGTERM; dynos outlive the
 * agent's SIGTERM, the next agent re-adopts them (same processes), and {@code dynod drain} stops them.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AgentSystemdIT {
    private static final Duration WATCHDOG = Duration.ofSeconds(2);
    private static final Duration UP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** One sd_notify message, and when it came. */
    record Message(long nanos, String text) {
    }

    @Test
    void notifiesSystemdAndLeavesDynosRunningAcrossARestart() throws Exception {
        HostTools.require("setsid", "sh");
        Path home = dir.resolve("home");
        Path socketPath = dir.resolve("notify.sock");
        long web;
        long worker;
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(new UnixAddress(socketPath.toString()))) {
            AgentProcess agent = new AgentProcess(home, AgentProcess.freePort(), Map.of(
                    "NOTIFY_SOCKET", socketPath.toString(), "WATCHDOG_USEC", Long.toString(WATCHDOG.toNanos() / 1000)));
            Message ready = awaitMessage(systemd, agent, "READY=1", new ArrayList<>());
            assertThat(agent.healthy()).as("the API answers as soon as READY arrives").isTrue();
            assertThat(ready.text()).contains("STATUS=0 dynos");

            agent.cli("apps:create", "hello");
            assertThat(agent.cli("deploy", "-a", "hello", "examples/hello").exit()).isZero();
            assertThat(agent.cli("ps:scale", "-a", "hello", "web=1", "worker=1").exit()).isZero();
            AgentCliIT.awaitPs(agent, "web.1: up", "worker.1: up");
            web = agent.dynoPid("hello", "web.1");
            worker = agent.dynoPid("hello", "worker.1");

            List<Message> queued = new ArrayList<>();
            drainQueued(systemd, queued); // what arrived meanwhile: its arrival times are unknown
            List<Message> seen = new ArrayList<>();
            long from = System.nanoTime();
            Await.until(Duration.ofSeconds(30), "five watchdog pings", () -> {
                receiveInto(systemd, seen);
                return seen.stream().filter(m -> m.text().equals("WATCHDOG=1")).count() >= 5;
            }, seen::toString);
            List<Long> pings = seen.stream().filter(m -> m.text().equals("WATCHDOG=1")).map(Message::nanos).toList();
            for (int i = 1; i < pings.size(); i++) {
                long gapMillis = (pings.get(i) - pings.get(i - 1)) / 1_000_000;
                assertThat(gapMillis).as("gap between pings (half of %s)", WATCHDOG).isBetween(600L, 1_600L);
            }
            assertThat((pings.get(pings.size() - 1) - from) / 1_000_000).as("5 pings at 1 s").isLessThan(8_000L);
            assertThat(queued).anyMatch(m -> m.text().equals("STATUS=2 dynos (2 up)"));

            assertThat(agent.terminate()).isIn(0, 143);
            awaitMessage(systemd, agent, "STOPPING=1", seen);
            assertThat(ProcTable.isLive(web)).as("web dyno after the agent's SIGTERM").isTrue();
            assertThat(ProcTable.isLive(worker)).as("worker dyno after the agent's SIGTERM").isTrue();
        }

        try (AgentProcess next = AgentProcess.start(home)) {
            AgentCliIT.awaitPs(next, "web.1: up", "worker.1: up");
            assertThat(next.dynoPid("hello", "web.1")).as("re-adopted, not restarted").isEqualTo(web);
            assertThat(next.dynoPid("hello", "worker.1")).isEqualTo(worker);
            assertThat(next.output.toString()).contains("1 apps, 2 dynos (2 up)");
            AgentProcess.Result drain = next.cli("drain");
            assertThat(drain.exit()).as(drain.err()).isZero();
            assertThat(drain.out()).contains("stopping 2 dynos");
            Await.until(UP, "both dynos to stop", () -> !ProcTable.isLive(web) && !ProcTable.isLive(worker),
                    () -> "web " + web + ", worker " + worker);
            assertThat(AgentCliIT.logs(next)).contains("dynod[worker.1]: State changed from up to down");
        }
    }

    private static Message awaitMessage(UnixDatagramSocket systemd, AgentProcess agent, String line, List<Message> seen) {
        Await.until(UP, line, () -> {
            receiveInto(systemd, seen);
            return seen.stream().anyMatch(m -> m.text().lines().anyMatch(line::equals));
        }, () -> seen + "\nagent output:\n" + agent.output);
        return seen.stream().filter(m -> m.text().lines().anyMatch(line::equals)).findFirst().orElseThrow();
    }

    private static void drainQueued(UnixDatagramSocket systemd, List<Message> into) throws java.io.IOException {
        Optional<byte[]> message;
        while ((message = systemd.receive(Duration.ZERO)).isPresent()) {
            into.add(new Message(System.nanoTime(), new String(message.get(), StandardCharsets.UTF_8)));
        }
    }

    private static void receiveInto(UnixDatagramSocket systemd, List<Message> seen) {
        try {
            Optional<byte[]> message = systemd.receive(Duration.ofMillis(100));
            message.ifPresent(bytes -> seen.add(new Message(System.nanoTime(), new String(bytes, StandardCharsets.UTF_8))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
