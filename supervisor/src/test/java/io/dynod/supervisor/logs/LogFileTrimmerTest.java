package io.dynod.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTrimmerTest {
    @TempDir
    Path dir;

    /** Bytes of disk the file really occupies ({@code stat %b} blocks of 512). */
    private static long allocated(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out) * 512;
    }

    @Test
    void releasesReadOutputWhileTheWriterKeepsAppendingAndNoLineIsLost() throws Exception {
        Path log = dir.resolve("web.1.log");
        List<String> read = new ArrayList<>();
        try (FileOutputStream writer = new FileOutputStream(log.toFile(), true);
             LogTailer tailer = new LogTailer(log, LogPosition.START)) {
            for (int i = 0; i < 20_000; i++) {
                writer.write(("line " + i + " " + "x".repeat(40) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            writer.flush();
            tailer.poll(read::add);
            LogPosition committed = tailer.position();
            long sizeBefore = Files.size(log);
            assertThat(allocated(log)).isGreaterThan(800_000);

            LogFileTrimmer trimmer = new LogFileTrimmer(128 * 1024);
            assertThat(trimmer.trim(log, committed)).isGreaterThan(700_000);
            assertThat(Files.size(log)).as("offsets stay valid").isEqualTo(sizeBefore);
            assertThat(allocated(log)).isLessThanOrEqualTo(128 * 1024);
            assertThat(trimmer.trim(log, committed)).as("nothing more to do").isZero();

            writer.write("after the trim\n".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            tailer.poll(read::add);
        }
        assertThat(read).hasSize(20_001);
        assertThat(read.get(19_999)).startsWith("line 19999 ");
        assertThat(read.get(20_000)).isEqualTo("after the trim");
    }

    @Test
    void neverReleasesWhatWasNotCommitted() throws Exception {
        Path log = dir.resolve("web.1.log");
        Files.write(log, new byte[1 << 20]);
        LogFileTrimmer trimmer = new LogFileTrimmer(64 * 1024);
        assertThat(trimmer.trim(log, 0)).isZero();
        assertThat(trimmer.trim(log, 10_000)).isEqualTo(8192);
        assertThat(trimmer.trim(dir.resolve("missing.log"), new LogPosition("1:1", 1 << 20))).isZero();
        assertThat(trimmer.trim(log, new LogPosition("0:0", 1 << 20))).as("a position in another file").isZero();
        assertThatThrownBy(() -> new LogFileTrimmer(100)).hasMessageContaining("at least 8192");
    }
}
