package io.dynod.supervisor.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailerTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private Path log() {
        return dir.resolve("web.1.log");
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void missingFileGivesNothingUntilItAppears() throws IOException {
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            assertThat(tailer.poll(lines::add)).isZero();
            append(log(), "hello\n");
            assertThat(tailer.poll(lines::add)).isEqualTo(1);
        }
        assertThat(lines).containsExactly("hello");
    }

    @Test
    void followsAppendsAndHoldsBackAnUnfinishedLine() throws IOException {
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            append(log(), "a\nb");
            tailer.poll(lines::add);
            assertThat(lines).containsExactly("a");
            assertThat(tailer.position().offset()).isEqualTo(2);
            append(log(), "c\nd\n");
            tailer.poll(lines::add);
            assertThat(lines).containsExactly("a", "bc", "d");
            assertThat(tailer.position().offset()).isEqualTo(Files.size(log()));
        }
    }

    @Test
    void fromTheEndOfAFileOnlyWhatIsWrittenLaterIsRead() throws IOException {
        assertThat(LogTailer.endOf(log())).isEqualTo(LogPosition.START);
        append(log(), "old 1\nold 2\n");
        LogPosition end = LogTailer.endOf(log());
        assertThat(end.offset()).isEqualTo(12);
        try (LogTailer tailer = new LogTailer(log(), end)) {
            append(log(), "new\n");
            tailer.poll(lines::add);
        }
        assertThat(lines).containsExactly("new");
    }

    @Test
    void resumingFromASavedPositionLosesAndRepeatsNothing() throws IOException {
        LogPosition saved;
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            append(log(), "1\n2\npart");
            tailer.poll(lines::add);
            saved = tailer.position();
        }
        // the agent is down: the dyno keeps writing
        append(log(), "ial\n3\n");
        try (LogTailer resumed = new LogTailer(log(), saved)) {
            resumed.poll(lines::add);
        }
        assertThat(lines).containsExactly("1", "2", "partial", "3");
        assertThat(saved.fileId()).isEqualTo(LogTailer.idOf(log()));
    }

    @Test
    void truncationInPlaceRestartsFromTheTop() throws IOException {
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            append(log(), "before 1\nbefore 2\n");
            tailer.poll(lines::add);
            Files.writeString(log(), "", UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            append(log(), "after\n");
            tailer.poll(lines::add);
        }
        assertThat(lines).containsExactly("before 1", "before 2", "after");
    }

    @Test
    void renameRotationFinishesTheOldFileThenReadsTheNewOne() throws IOException {
        Path rotated = dir.resolve("web.1.log.1");
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            append(log(), "old 1\n");
            tailer.poll(lines::add);
            try (OutputStream writer = Files.newOutputStream(log(), StandardOpenOption.APPEND)) {
                Files.move(log(), rotated);
                writer.write("old 2 written after the rename\n".getBytes(UTF_8));
            }
            append(log(), "new 1\n");
            tailer.poll(lines::add);
            assertThat(tailer.position()).isEqualTo(new LogPosition(LogTailer.idOf(log()), 6));
        }
        assertThat(lines).containsExactly("old 1", "old 2 written after the rename", "new 1");
    }

    @Test
    void afterARestartARotatedFileIsFinishedFromItsSavedOffset() throws IOException {
        LogPosition saved;
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            append(log(), "seen\n");
            tailer.poll(lines::add);
            saved = tailer.position();
        }
        append(log(), "unseen old\n");
        Files.move(log(), dir.resolve("web.1.log.1"));
        append(log(), "unseen new\n");
        try (LogTailer resumed = new LogTailer(log(), saved)) {
            resumed.poll(lines::add);
        }
        assertThat(lines).containsExactly("seen", "unseen old", "unseen new");
    }

    @Test
    void eachLineComesWithThePositionJustAfterItSoAnyLineIsAResumePoint() throws IOException {
        append(log(), "one\ntwo\nthree\n");
        List<LogPosition> after = new ArrayList<>();
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            tailer.pollWithPositions((line, position) -> {
                lines.add(line);
                after.add(position);
            });
        }
        assertThat(after).extracting(LogPosition::offset).containsExactly(4L, 8L, 14L);
        lines.clear();
        try (LogTailer resumed = new LogTailer(log(), after.get(0))) {
            resumed.poll(lines::add);
        }
        assertThat(lines).containsExactly("two", "three");
    }

    @Test
    void positionsAcrossARotationNameTheFileEachLineCameFrom() throws IOException {
        Path rotated = dir.resolve("web.1.log.1");
        List<LogPosition> after = new ArrayList<>();
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            append(log(), "old\n");
            String oldId = LogTailer.idOf(log());
            tailer.pollWithPositions((line, position) -> after.add(position));
            append(log(), "old2\n");
            Files.move(log(), rotated);
            append(log(), "new\n");
            tailer.pollWithPositions((line, position) -> after.add(position));
            assertThat(after).containsExactly(new LogPosition(oldId, 4), new LogPosition(oldId, 9),
                    new LogPosition(LogTailer.idOf(log()), 4));
        }
    }

    @Test
    void longLinesInTheFileAreSplit() throws IOException {
        append(log(), "z".repeat(12_345) + "\n");
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            tailer.poll(lines::add);
        }
        assertThat(lines).extracting(String::length).containsExactly(10_000, 2_345);
    }

    @Test
    void aPositionInsideALongLineResumesAfterTheLastChunkDelivered() throws IOException {
        LogPosition saved;
        append(log(), "y".repeat(15_000));
        try (LogTailer tailer = new LogTailer(log(), LogPosition.START)) {
            tailer.poll(lines::add);
            saved = tailer.position();
        }
        assertThat(saved.offset()).isEqualTo(10_000);
        append(log(), "\n");
        try (LogTailer resumed = new LogTailer(log(), saved)) {
            resumed.poll(lines::add);
        }
        assertThat(lines).extracting(String::length).containsExactly(10_000, 5_000);
    }
}
