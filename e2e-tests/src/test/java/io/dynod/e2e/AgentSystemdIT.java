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
import java.util.concurrent.CopyOnWriteArrayList;
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
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(new UnixAddress(socketPath.toString()));
             Listener messages = new Listener(systemd)) {
            AgentProcess agent = new AgentProcess(home, AgentProcess.freePort(), Map.of(
                    "NOTIFY_SOCKET", socketPath.toString(), "WATCHDOG_USEC", Long.toString(WATCHDOG.toNanos() / 1000)));
            try {
                Message ready = messages.await("READY=1", agent);
                assertThat(agent.healthy()).as("the API answers as soon as READY arrives").isTrue();
                assertThat(ready.text()).contains("STATUS=0 dynos");
                assertThat(messages.all()).as("nothing before READY but READY").hasSize(1);

                agent.cli("apps:create", "hello");
                assertThat(agent.cli("deploy", "-a", "hello", "examples/hello").exit()).isZero();
                assertThat(agent.cli("ps:scale", "-a", "hello", "web=1", "worker=1").exit()).isZero();
                AgentCliIT.awaitPs(agent, "web.1: up", "worker.1: up");
                web = agent.dynoPid("hello", "web.1");
                worker = agent.dynoPid("hello", "worker.1");
                messages.await("STATUS=2 dynos (2 up)", agent);
                AgentProcess.Result env = agent.cli("run", "-a", "hello", "echo \"[$NOTIFY_SOCKET][$WATCHDOG_USEC]\"");
                assertThat(env.out()).as("a dyno's view of systemd's variables").isEqualTo("[][]\n");

                // The rate, not single gaps: a ping waits for a busy event loop, and the next one is not moved.
                List<Long> pings = messages.awaitPings(6, agent);
                long spanMillis = (pings.get(pings.size() - 1) - pings.get(0)) / 1_000_000;
                assertThat(spanMillis / (pings.size() - 1)).as("mean gap between pings (half of %s)", WATCHDOG)
                        .isBetween(800L, 1_250L);
                for (int i = 1; i < pings.size(); i++) {
                    assertThat((pings.get(i) - pings.get(i - 1)) / 1_000_000).as("gap %d", i).isLessThan(WATCHDOG.toMillis());
                }

                assertThat(agent.terminate()).isIn(0, 143);
                messages.await("STOPPING=1", agent);
            } catch (Throwable failed) {
                agent.close();
                throw failed;
            }
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
            assertThat(drain.out()).contains("stopped 2 dynos");
            Await.until(UP, "both dynos to stop", () -> !ProcTable.isLive(web) && !ProcTable.isLive(worker),
                    () -> "web " + web + ", worker " + worker);
            assertThat(AgentCliIT.logs(next)).contains("dynod[worker.1]: State changed from up to down");
        }
    }

    /** Reads the socket all the time, as systemd does (its queue holds only a few datagrams). */
    static final class Listener implements AutoCloseable {
        private final List<Message> messages = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private volatile boolean closed;

        Listener(UnixDatagramSocket socket) {
            reader = new Thread(() -> {
                while (!closed) {
                    try {
                        socket.receive(Duration.ofMillis(100)).ifPresent(bytes ->
                                messages.add(new Message(System.nanoTime(), new String(bytes, StandardCharsets.UTF_8))));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "notify-listener");
            reader.setDaemon(true);
            reader.start();
        }

        List<Message> all() {
            return List.copyOf(messages);
        }

        List<Long> pings() {
            return messages.stream().filter(m -> m.text().equals("WATCHDOG=1")).map(Message::nanos).toList();
        }

        /** The arrival times of the next {@code n} pings. */
        List<Long> awaitPings(int n, AgentProcess agent) {
            int before = pings().size();
            Await.until(Duration.ofSeconds(30), n + " more watchdog pings", () -> pings().size() >= before + n,
                    () -> messages + "\nagent output:\n" + agent.output);
            return pings().subList(before, before + n);
        }

        Message await(String line, AgentProcess agent) {
            Await.until(UP, line, () -> find(line).isPresent(), () -> messages + "\nagent output:\n" + agent.output);
            return find(line).orElseThrow();
        }

        private Optional<Message> find(String line) {
            return messages.stream().filter(m -> m.text().lines().anyMatch(line::equals)).findFirst();
        }

        @Override
        public String toString() {
            return messages.toString();
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            reader.join(5_000);
        }
    }
}
