package io.dynod.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogJournalTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-26T11:02:03.123456Z");

    private static LogLine app(String dyno, String text) {
        return new LogLine(T0, LogSource.APP, dyno, text);
    }

    /** A journal holding web.1's lines "a" (ending at 2) and "b" (ending at 4), plus {@code more}. */
    private Path journalWithAB(JournalWrites more) throws IOException {
        Path file = dir.resolve("hello.log.jsonl");
        try (LogJournal journal = new LogJournal(file, 1 << 20, 1500)) {
            journal.append(List.of(app("web.1", "a"), app("web.1", "b")),
                    List.of(new LogPosition("1:2", 2), new LogPosition("1:2", 4)));
            more.to(journal);
        }
        return file;
    }

    interface JournalWrites {
        void to(LogJournal journal) throws IOException;
    }

    @Test
    void storesLinesAndTheLastPositionPerDyno() throws IOException {
        Path file = journalWithAB(journal -> {
            journal.append(List.of(new LogLine(T0, LogSource.DYNOD, "web.1", "State changed from starting to up")),
                    Collections.singletonList(null));
            journal.append(List.of(app("worker.1", "c")), List.of(new LogPosition("1:3", 2)));
        });
        LogJournal.Contents contents = new LogJournal(file, 1 << 20, 1500).load();
        assertThat(contents.lines()).extracting(LogLine::text).containsExactly("a", "b", "State changed from starting to up", "c");
        assertThat(contents.lines().get(0)).isEqualTo(app("web.1", "a"));
        assertThat(contents.positions()).containsEntry("web.1", new LogPosition("1:2", 4))
                .containsEntry("worker.1", new LogPosition("1:3", 2)).hasSize(2);
    }

    @Test
    void aTornLastLineIsSkippedSoItsLineIsReadAgain() throws IOException {
        Path file = journalWithAB(journal -> { });
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 10), StandardOpenOption.TRUNCATE_EXISTING);
        LogJournal.Contents contents = new LogJournal(file, 1 << 20, 1500).load();
        assertThat(contents.lines()).extracting(LogLine::text).containsExactly("a");
        assertThat(contents.positions()).containsEntry("web.1", new LogPosition("1:2", 2));
    }

    @Test
    void aDamagedLineInsideIsSkippedAndEveryOtherLineAndPositionLoads() throws IOException {
        Path file = journalWithAB(journal -> journal.append(List.of(app("web.1", "c")), List.of(new LogPosition("1:2", 6))));
        List<String> stored = Files.readAllLines(file);
        Files.write(file, List.of(stored.get(0), "{\"at\":\"not a time\",\"sou", stored.get(2)));
        LogJournal.Contents contents = new LogJournal(file, 1 << 20, 1500).load();
        assertThat(contents.lines()).extracting(LogLine::text).containsExactly("a", "c");
        assertThat(contents.positions()).containsEntry("web.1", new LogPosition("1:2", 6));
    }

    @Test
    void aJournalCutToNothingLoadsEmptySoTheDynoRecordsPositionIsUsed() throws IOException {
        Path file = journalWithAB(journal -> { });
        Files.write(file, new byte[0]);
        LogJournal.Contents contents = new LogJournal(file, 1 << 20, 1500).load();
        assertThat(contents.lines()).isEmpty();
        assertThat(contents.positions()).isEmpty();
    }

    @Test
    void beyondItsSizeCapItKeepsTheNewestLinesAndStillLoads() throws IOException {
        Path file = dir.resolve("hello.log.jsonl");
        try (LogJournal journal = new LogJournal(file, 20_000, 50)) {
            for (int i = 0; i < 1000; i++) {
                journal.append(List.of(app("web.1", "line " + i)), List.of(new LogPosition("1:2", 10L * (i + 1))));
            }
        }
        assertThat(Files.size(file)).isLessThan(20_000 + 200);
        LogJournal.Contents contents = new LogJournal(file, 20_000, 50).load();
        assertThat(contents.lines()).hasSize(50);
        assertThat(contents.lines().get(49).text()).isEqualTo("line 999");
        assertThat(contents.positions()).containsEntry("web.1", new LogPosition("1:2", 10_000));
    }

    @Test
    void compactionKeepsEveryDynosLatestResumePoint() throws IOException {
        Path file = dir.resolve("hello.log.jsonl");
        try (LogJournal journal = new LogJournal(file, 20_000, 50)) {
            journal.append(List.of(app("worker.1", "quiet")), List.of(new LogPosition("7:7", 6)));
            for (int i = 0; i < 1000; i++) {
                journal.append(List.of(app("web.1", "line " + i)), List.of(new LogPosition("1:2", 10L * (i + 1))));
            }
        }
        LogJournal.Contents contents = new LogJournal(file, 20_000, 50).load();
        assertThat(contents.positions()).containsEntry("worker.1", new LogPosition("7:7", 6))
                .containsEntry("web.1", new LogPosition("1:2", 10_000));
        assertThat(contents.lines()).hasSize(50).noneMatch(l -> l.text().equals("quiet"));
    }

    @Test
    void aMissingJournalIsEmpty() throws IOException {
        LogJournal.Contents contents = new LogJournal(dir.resolve("none.jsonl"), 1 << 20, 1500).load();
        assertThat(contents.lines()).isEmpty();
        assertThat(contents.positions()).isEmpty();
    }

    @Test
    void appLogsRefillTheRingFromTheJournalAfterARestart() {
        AppLogs first = new AppLogs(1500, dir);
        first.append("hello", new LogLine(T0, LogSource.DYNOD, "web.1", "State changed from down to starting"));
        List<AppLogs.FileLine> batch = new ArrayList<>();
        batch.add(new AppLogs.FileLine(app("web.1", "listening"), new LogPosition("9:9", 10)));
        first.appendFromFile("hello", batch);

        AppLogs second = new AppLogs(1500, dir);
        assertThat(second.of("hello").recent(10, LogFilter.ALL)).extracting(LogLine::text)
                .containsExactly("State changed from down to starting", "listening");
        assertThat(second.journalPositions("hello")).containsEntry("web.1", new LogPosition("9:9", 10));
        second.remove("hello");
        assertThat(new AppLogs(1500, dir).of("hello").recent(10, LogFilter.ALL)).isEmpty();
    }
}
