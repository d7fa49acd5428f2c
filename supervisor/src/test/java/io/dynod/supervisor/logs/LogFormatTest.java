package io.dynod.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static final Instant AT = Instant.parse("2026-11-26T11:02:03.123456789Z");

    @Test
    void formatsLogplexLinesWithMicroseconds() {
        assertThat(LogFormat.format(new LogLine(AT, LogSource.APP, "web.1", "listening on 5000")))
                .isEqualTo("2026-11-26T11:02:03.123456+00:00 app[web.1]: listening on 5000");
        assertThat(new LogLine(Instant.parse("2026-11-26T11:02:03Z"), LogSource.DYNOD, "web.1",
                "State changed from starting to up").toString())
                .isEqualTo("2026-11-26T11:02:03.000000+00:00 dynod[web.1]: State changed from starting to up");
    }

    @Test
    void parsesWhatItFormats() {
        LogLine line = new LogLine(Instant.parse("2026-11-26T11:02:03.123456Z"), LogSource.DYNOD, "worker.2", "a: [b] c");
        assertThat(LogFormat.parse(LogFormat.format(line))).isEqualTo(line);
    }

    @Test
    void rejectsNonLogLines() {
        assertThatThrownBy(() -> LogFormat.parse("hello")).hasMessage("not a log line: 'hello'");
        assertThatThrownBy(() -> LogFormat.parse("yesterday app[web.1]: x")).hasMessageContaining("bad timestamp");
    }
}
