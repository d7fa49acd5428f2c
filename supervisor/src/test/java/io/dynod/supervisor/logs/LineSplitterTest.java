package io.dynod.supervisor.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();

    private void feed(LineSplitter splitter, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        splitter.feed(bytes, 0, bytes.length, lines::add);
    }

    @Test
    void splitsAtNewlinesDroppingCarriageReturnsAndKeepsTheUnfinishedTail() {
        LineSplitter splitter = new LineSplitter();
        feed(splitter, "one\r\ntwo\n\nthr");
        assertThat(lines).containsExactly("one", "two", "");
        assertThat(splitter.pendingBytes()).isEqualTo(3);
        feed(splitter, "ee\n");
        assertThat(lines).containsExactly("one", "two", "", "three");
        assertThat(splitter.pendingBytes()).isZero();
    }

    @Test
    void linesOver10000BytesAreSplitIntoChunksOfAtMost10000() {
        LineSplitter splitter = new LineSplitter();
        feed(splitter, "a".repeat(25_000) + "\n" + "b".repeat(10_000) + "\n");
        assertThat(lines).extracting(String::length).containsExactly(10_000, 10_000, 5_000, 10_000);
    }

    @Test
    void neverCutsInsideAMultiByteCharacter() {
        // 9,999 ASCII bytes then a 4-byte emoji: the emoji must move to the next chunk whole
        LineSplitter splitter = new LineSplitter();
        String emoji = "\uD83D\uDE00";
        feed(splitter, "x".repeat(9_999) + emoji + "tail\n");
        assertThat(lines).containsExactly("x".repeat(9_999), emoji + "tail");
        for (String line : lines) {
            assertThat(line).doesNotContain("\uFFFD");
            assertThat(line.getBytes(UTF_8).length).isLessThanOrEqualTo(10_000);
        }
    }

    @Test
    void everyCutOfMixedWidthTextIsClean() {
        LineSplitter splitter = new LineSplitter(16);
        String text = "aé€😀".repeat(50); // 1 + 2 + 3 + 4 bytes
        feed(splitter, text + "\n");
        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines.subList(0, lines.size() - 1))
                .allSatisfy(l -> assertThat(l.getBytes(UTF_8).length).isBetween(13, 16));
    }

    @Test
    void bytesArrivingOneAtATimeGiveTheSameLines() {
        LineSplitter splitter = new LineSplitter(8);
        byte[] bytes = "é€😀é€😀\nok\n".getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            splitter.feed(bytes, i, 1, lines::add);
        }
        assertThat(lines).containsExactly("é€", "😀é", "€😀", "ok");
    }

    @Test
    void invalidBytesStillGetCutAtTheLimit() {
        LineSplitter splitter = new LineSplitter(8);
        byte[] junk = new byte[20];
        Arrays.fill(junk, (byte) 0x80);
        splitter.feed(junk, 0, junk.length, lines::add);
        assertThat(lines).hasSize(2);
        assertThat(splitter.pendingBytes()).isEqualTo(4);
    }

    @Test
    void flushEmitsTheUnfinishedLine() {
        LineSplitter splitter = new LineSplitter();
        feed(splitter, "no newline");
        splitter.flush(lines::add);
        assertThat(lines).containsExactly("no newline");
        assertThat(splitter.pendingBytes()).isZero();
    }
}
