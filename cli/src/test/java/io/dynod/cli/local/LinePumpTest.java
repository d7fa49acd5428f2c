package io.dynod.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinePumpTest {

    private static List<String> pump(byte[] input) {
        List<String> lines = new ArrayList<>();
        new LinePump(new ByteArrayInputStream(input),
                (text, offset, length) -> lines.add(new String(text, offset, length, StandardCharsets.UTF_8))).run();
        return lines;
    }

    @Test
    void splitsOnNewlinesDropsCarriageReturnsAndKeepsALastPartialLine() {
        assertThat(pump("one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("one", "two", "", "three");
    }

    @Test
    void keepsMultiByteCharactersWhole() {
        assertThat(pump("héllo wörld ✓\n".getBytes(StandardCharsets.UTF_8))).containsExactly("héllo wörld ✓");
    }

    @Test
    void splitsOverlongLinesToBoundMemory() {
        byte[] input = ("x".repeat(LinePump.MAX_LINE + 10) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(pump(input)).extracting(String::length).containsExactly(LinePump.MAX_LINE, 10);
    }
}
