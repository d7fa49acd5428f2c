package io.dynod.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class OutputPrefixerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:05:09Z"), ZoneId.of("UTC"));

    @Test
    void plainPrefixIsLocalTimePaddedNameAndBar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPrefixer prefixer = new OutputPrefixer(out, false, CLOCK, "worker.1".length());
        prefixer.line("web.1", 0, "listening");
        prefixer.system("sending SIGTERM to all processes");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "08:05:09 web.1    | listening\n08:05:09 system   | sending SIGTERM to all processes\n");
    }

    @Test
    void colourWrapsOnlyThePrefixAndDiffersPerProcess() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputPrefixer prefixer = new OutputPrefixer(out, true, CLOCK, 5);
        prefixer.line("web.1", 0, "a");
        prefixer.line("web.2", 1, "b");
        prefixer.system("c");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\u001b[36m08:05:09 web.1  |\u001b[0m a\n"
                        + "\u001b[33m08:05:09 web.2  |\u001b[0m b\n"
                        + "08:05:09 system | c\n");
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(OutputPrefixer.colourWanted(true, null)).isTrue();
        assertThat(OutputPrefixer.colourWanted(true, "")).isTrue();
        assertThat(OutputPrefixer.colourWanted(true, "1")).isFalse();
        assertThat(OutputPrefixer.colourWanted(false, null)).isFalse();
    }
}
