package io.dynod.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppLogTest {
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

    private static LogLine app(String dyno, String text) {
        return new LogLine(T0, LogSource.APP, dyno, text);
    }

    private static LogLine sys(String dyno, String text) {
        return new LogLine(T0, LogSource.DYNOD, dyno, text);
    }

    @Test
    void keepsOnlyTheLast1500Lines() {
        AppLog log = new AppLog();
        for (int i = 0; i < 1600; i++) {
            log.append(app("web.1", "line " + i));
        }
        List<LogLine> all = log.recent(5000, LogFilter.ALL);
        assertThat(all).hasSize(1500);
        assertThat(all.get(0).text()).isEqualTo("line 100");
        assertThat(all.get(1499).text()).isEqualTo("line 1599");
        assertThat(log.recent(2, LogFilter.ALL)).extracting(LogLine::text).containsExactly("line 1598", "line 1599");
    }

    @Test
    void filtersByDynoTypeOrNameAndBySource() {
        AppLog log = new AppLog();
        log.append(app("web.1", "a"));
        log.append(app("web.10", "b"));
        log.append(sys("web.1", "State changed from starting to up"));
        log.append(app("worker.1", "c"));
        log.append(app("webhook.1", "d"));
        assertThat(log.recent(10, LogFilter.of("web", null))).extracting(LogLine::text)
                .containsExactly("a", "b", "State changed from starting to up");
        assertThat(log.recent(10, LogFilter.of("web.1", null))).hasSize(2);
        assertThat(log.recent(10, LogFilter.of(null, LogSource.DYNOD))).extracting(LogLine::dyno).containsExactly("web.1");
        assertThat(log.recent(10, LogFilter.of("web.1", LogSource.APP))).extracting(LogLine::text).containsExactly("a");
    }

    @Test
    void tailGivesBacklogThenLiveLinesEachOnce() throws Exception {
        AppLog log = new AppLog();
        log.append(app("web.1", "old 1"));
        log.append(app("web.1", "old 2"));
        try (LogSubscription tail = log.tail(LogFilter.ALL, 1, 100)) {
            log.append(app("web.1", "new"));
            assertThat(texts(drain(tail))).containsExactly("old 2", "new");
        }
        assertThat(log.subscriberCount()).isZero();
    }

    @Test
    void aSlowSubscriberLosesLinesAndIsToldHowManyWhereTheGapIs() {
        AppLog log = new AppLog();
        LogSubscription slow = log.tail(LogFilter.ALL, 0, 3);
        LogSubscription fast = log.tail(LogFilter.ALL, 0, 100);
        for (int i = 0; i < 10; i++) {
            log.append(app("web.1", "l" + i));
        }
        assertThat(slow.poll()).map(AppLogTest::text).contains("l0");
        log.append(app("web.1", "after"));
        List<LogEvent> rest = drain(slow);
        assertThat(rest).hasSize(4);
        assertThat(rest.subList(0, 2)).extracting(AppLogTest::text).containsExactly("l1", "l2");
        assertThat(rest.get(2)).isEqualTo(new LogEvent.Lost(7));
        assertThat(text(rest.get(3))).isEqualTo("after");
        assertThat(drain(fast)).hasSize(11).allMatch(e -> e instanceof LogEvent.Line);
        assertThat(new LogEvent.Lost(7).message()).startsWith("Error L11 (Tail buffer overflow) -> 7 messages dropped");
    }

    @Test
    void lossAtTheEndIsReportedWhenTheQueueRunsDry() {
        AppLog log = new AppLog();
        LogSubscription slow = log.tail(LogFilter.ALL, 0, 1);
        log.append(app("web.1", "a"));
        log.append(app("web.1", "b"));
        log.append(app("web.1", "c"));
        assertThat(drain(slow)).containsExactly(new LogEvent.Line(app("web.1", "a")), new LogEvent.Lost(2));
    }

    @Test
    void subscribersOnlySeeMatchingLines() {
        AppLog log = new AppLog();
        LogSubscription workers = log.tail(LogFilter.of("worker", null), 0, 10);
        log.append(app("web.1", "x"));
        log.append(app("worker.1", "y"));
        assertThat(texts(drain(workers))).containsExactly("y");
    }

    @Test
    void blockingPollWakesOnANewLineAndEndsOnClose() throws Exception {
        AppLog log = new AppLog();
        LogSubscription tail = log.tail(LogFilter.ALL, 0, 10);
        CompletableFuture<Optional<LogEvent>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tail.poll(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        log.append(app("web.1", "wake"));
        assertThat(waiting.get(30, TimeUnit.SECONDS)).map(AppLogTest::text).contains("wake");
        CompletableFuture<Optional<LogEvent>> afterClose = CompletableFuture.supplyAsync(() -> {
            try {
                return tail.poll(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        tail.close();
        assertThat(afterClose.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(tail.poll(Duration.ZERO)).isEmpty();
    }

    private static List<LogEvent> drain(LogSubscription s) {
        List<LogEvent> out = new ArrayList<>();
        for (Optional<LogEvent> e = s.poll(); e.isPresent(); e = s.poll()) {
            out.add(e.get());
        }
        return out;
    }

    private static String text(LogEvent e) {
        return ((LogEvent.Line) e).line().text();
    }

    private static List<String> texts(List<LogEvent> events) {
        return events.stream().map(AppLogTest::text).toList();
    }
}
