package io.dynod.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long OWN_PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private UnixDatagramSocket systemd;
    private SdNotify notify;
    private Map<String, String> environment;

    @BeforeEach
    void bindNotifySocket() throws IOException {
        UnixAddress address = new UnixAddress(dir.resolve("notify").toString());
        systemd = UnixDatagramSocket.bind(address);
        notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address.name()));
        environment = Map.of("NOTIFY_SOCKET", address.name(), "WATCHDOG_USEC", "400000",
                "WATCHDOG_PID", Long.toString(OWN_PID));
    }

    @AfterEach
    void close() {
        notify.close();
        systemd.close();
    }

    @Test
    void timeoutComesFromWatchdogUsecWhenAddressedToThisProcess() {
        assertThat(Watchdog.requestedTimeout(Map.of("WATCHDOG_USEC", "30000000"), OWN_PID))
                .contains(Duration.ofSeconds(30));
        assertThat(Watchdog.requestedTimeout(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "" + OWN_PID), OWN_PID))
                .contains(Duration.ofSeconds(30));
        assertThat(Watchdog.requestedTimeout(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1"), OWN_PID))
                .isEmpty();
        assertThat(Watchdog.requestedTimeout(Map.of(), OWN_PID)).isEmpty();
        assertThat(Watchdog.pingInterval(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void malformedVariablesAreNamed() {
        assertThatThrownBy(() -> Watchdog.requestedTimeout(Map.of("WATCHDOG_USEC", "30s"), OWN_PID))
                .hasMessage("WATCHDOG_USEC=\"30s\": expected a positive number");
        assertThatThrownBy(() -> Watchdog.requestedTimeout(Map.of("WATCHDOG_USEC", "1", "WATCHDOG_PID", "-3"), OWN_PID))
                .hasMessage("WATCHDOG_PID=\"-3\": expected a positive number");
    }

    @Test
    void noWatchdogWithoutWatchdogUsecOrWithoutNotifySocket() {
        assertThat(Watchdog.startFromEnvironment(notify, Map.of(), Runnable::run, () -> true)).isEmpty();
        assertThat(Watchdog.startFromEnvironment(SdNotify.disabled(), environment, Runnable::run, () -> true)).isEmpty();
    }

    @Test
    void pingsAtHalfTheTimeout() throws IOException {
        // WATCHDOG_USEC = 400 ms: a ping every 200 ms, so about 10 in the 2 s after the first.
        // Fixed-delay scheduling cannot go faster (at most 10, plus one for delivery jitter); pinging
        // at the full timeout would give 5, so at least 6 shows the halving even on a busy host.
        Optional<Watchdog> started = Watchdog.startFromEnvironment(notify, environment, Runnable::run, () -> true);
        assertThat(started).isPresent();
        try (Watchdog watchdog = started.get()) {
            assertThat(watchdog.pingInterval()).isEqualTo(Duration.ofMillis(200));
            assertThat(nextPing(WAIT)).isTrue();
            long windowEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            int pings = 0;
            while (nextPing(Duration.ofNanos(Math.max(0, windowEnd - System.nanoTime())))) {
                pings++;
            }
            assertThat(pings).isBetween(6, 11);
        }
    }

    @Test
    void aFailingLivenessCheckStopsThePingsUntilItPassesAgain() throws Exception {
        AtomicBoolean alive = new AtomicBoolean(true);
        AtomicInteger failedChecks = new AtomicInteger();
        try (Watchdog watchdog = Watchdog.start(notify, Duration.ofMillis(20), Runnable::run, () -> {
            if (alive.get()) {
                return true;
            }
            failedChecks.incrementAndGet();
            return false;
        })) {
            assertThat(nextPing(WAIT)).isTrue();

            alive.set(false);
            Polling.awaitTrue("a failed liveness check", WAIT, () -> failedChecks.get() >= 1);
            // Pings are sent synchronously before the next check runs: what was sent is queued now.
            while (systemd.receive(Duration.ZERO).isPresent()) {
                // drain
            }
            Polling.awaitTrue("three more failed checks", WAIT, () -> failedChecks.get() >= 4);
            assertThat(systemd.receive(Duration.ZERO)).as("ping while the liveness check fails").isEmpty();

            alive.set(true);
            assertThat(nextPing(WAIT)).as("pings resume").isTrue();
            assertThat(watchdog.skippedTicks()).as("the loop itself never stalled").isZero();
        }
    }

    @Test
    void aStalledLoopGetsNoPingsAndNoBacklogOfThem() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicInteger handedToLoop = new AtomicInteger();
        CountDownLatch unblock = new CountDownLatch(1);
        try (Watchdog watchdog = Watchdog.start(notify, Duration.ofMillis(20), task -> {
            handedToLoop.incrementAndGet();
            loop.execute(task);
        }, () -> true)) {
            assertThat(nextPing(WAIT)).isTrue();

            CountDownLatch stuck = new CountDownLatch(1);
            loop.execute(() -> {
                stuck.countDown();
                awaitQuietly(unblock);
            });
            assertThat(stuck.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            // The loop runs one task at a time: every ping handed over earlier has been sent.
            while (systemd.receive(Duration.ZERO).isPresent()) {
                // drain
            }
            long skippedBefore = watchdog.skippedTicks();
            Polling.awaitTrue("a ping waiting behind the stuck task", WAIT, () -> watchdog.skippedTicks() > skippedBefore);
            int handedWhileStuck = handedToLoop.get();
            Polling.awaitTrue("three more skipped ticks", WAIT, () -> watchdog.skippedTicks() >= skippedBefore + 4);
            assertThat(systemd.receive(Duration.ZERO)).as("ping while the loop is stuck").isEmpty();
            assertThat(handedToLoop.get()).as("no pings queued up behind the stuck task").isEqualTo(handedWhileStuck);

            unblock.countDown();
            assertThat(nextPing(WAIT)).as("pings resume").isTrue();
        } finally {
            unblock.countDown();
            loop.shutdownNow();
        }
    }

    @Test
    void aPingWaitingForTheLoopIsDroppedOnceTheWatchdogIsClosed() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        try {
            loop.execute(() -> {
                stuck.countDown();
                awaitQuietly(unblock);
            });
            assertThat(stuck.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Watchdog watchdog = Watchdog.start(notify, Duration.ofMillis(20), loop, () -> true);
            Polling.awaitTrue("a ping waiting behind the stuck task", WAIT, () -> watchdog.skippedTicks() > 0);

            watchdog.close();
            unblock.countDown();
            loop.submit(() -> { }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(systemd.receive(Duration.ZERO)).as("ping after close").isEmpty();
        } finally {
            unblock.countDown();
            loop.shutdownNow();
        }
    }

    private boolean nextPing(Duration timeout) throws IOException {
        Optional<byte[]> message = systemd.receive(timeout);
        message.ifPresent(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("WATCHDOG=1"));
        return message.isPresent();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
