package io.dynod.router.table;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dynod.router.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AgentTrafficReporterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Set<String>> delivered = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private AgentTrafficReporter reporter;

    @BeforeEach
    void captureLog() {
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(AgentTrafficReporter.class);
        logger.setLevel(Level.INFO); // the test config logs only warnings
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        Logger logger = (Logger) LoggerFactory.getLogger(AgentTrafficReporter.class);
        logger.detachAppender(log);
        logger.setLevel(null);
        if (reporter != null) {
            reporter.close();
        }
    }

    @Test
    void aSlowAgentNeverBlocksTheCallerAndHasOneReportInFlight() throws Exception {
        CountDownLatch agentAnswers = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        reporter = new AgentTrafficReporter(apps -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                agentAnswers.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(apps);
            inFlight.decrementAndGet();
        }, Duration.ofMillis(10));

        reporter.active(Set.of("a"));
        Await.until("the first report in flight", WAIT, () -> inFlight.get() == 1);
        reporter.active(Set.of("b")); // returns at once although the agent has not answered
        reporter.active(Set.of("c", "a"));
        assertThat(delivered).isEmpty();
        agentAnswers.countDown();

        Await.until("the apps that came in meanwhile, in one report", WAIT, () -> delivered.size() == 2);
        assertThat(delivered).containsExactly(Set.of("a"), Set.of("a", "b", "c"));
        assertThat(mostInFlight.get()).isEqualTo(1);
    }

    @Test
    void theAppsOfFailedReportsGoWithTheNextOneAndAnOutageIsLoggedOnce() {
        AtomicInteger failuresLeft = new AtomicInteger(5);
        reporter = new AgentTrafficReporter(apps -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("agent unreachable");
            }
            delivered.add(apps);
        }, Duration.ofMillis(10));

        reporter.active(Set.of("a"));
        reporter.active(Set.of("b"));
        // no further traffic: the failed apps are retried on their own until the agent takes them
        Await.until("the retried report", WAIT, () -> !delivered.isEmpty());
        assertThat(delivered).containsExactly(Set.of("a", "b"));
        assertThat(failuresLeft.get()).isNegative();
        Await.until("the log line of the recovery", WAIT, () -> messages().size() >= 2);
        assertThat(messages()).hasSize(2);
        assertThat(messages().get(0)).contains("traffic report to the agent failed (agent unreachable)");
        assertThat(messages().get(1)).contains("reach the agent again");

        reporter.active(Set.of("c"));
        Await.until("the next report", WAIT, () -> delivered.size() == 2);
        assertThat(delivered.get(1)).isEqualTo(Set.of("c"));
    }

    private List<String> messages() {
        synchronized (log.list) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
