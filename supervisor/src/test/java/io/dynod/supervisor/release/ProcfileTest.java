package io.dynod.supervisor.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfileTest {

    @Test
    void keepsEntriesInFileOrderWithTheirLines() {
        Procfile procfile = Procfile.parse("Procfile", """
                # comment
                web: java Hello.java web

                worker:java Hello.java worker
                clock_2-b:   ./clock --every 5s
                """);
        assertThat(procfile.types()).containsExactly(
                new ProcessType("web", "java Hello.java web", 2),
                new ProcessType("worker", "java Hello.java worker", 4),
                new ProcessType("clock_2-b", "./clock --every 5s", 5));
        assertThat(procfile.warnings()).isEmpty();
        assertThat(procfile.indexOf("worker")).isEqualTo(1);
        assertThat(procfile.indexOf("nope")).isEqualTo(-1);
        assertThat(procfile.commands()).containsExactly(
                entry("web", "java Hello.java web"),
                entry("worker", "java Hello.java worker"),
                entry("clock_2-b", "./clock --every 5s"));
    }

    @Test
    void commandKeepsColonsQuotesAndShellSyntaxButLosesTrailingSpace() {
        Procfile procfile = Procfile.parse("Procfile", "web: echo \"a: b\" && exec env PORT=$PORT x  \r\n");
        assertThat(procfile.types()).containsExactly(
                new ProcessType("web", "echo \"a: b\" && exec env PORT=$PORT x", 1));
    }

    @Test
    void commentsMayBeIndentedAndBlankLinesMayHoldSpaces() {
        Procfile procfile = Procfile.parse("Procfile", "   # indented comment\n  \t \nweb: run\n");
        assertThat(procfile.names()).containsExactly("web");
        assertThat(procfile.warnings()).isEmpty();
    }

    @Test
    void otherLinesAreWarningsNamingFileAndLine() {
        Procfile procfile = Procfile.parse("app/Procfile", """
                web: run
                this is not an entry
                web.2: bad name
                  worker: indented
                clock : space before colon
                release:
                """);
        assertThat(procfile.names()).containsExactly("web");
        assertThat(procfile.warnings()).extracting(SourceWarning::toString).containsExactly(
                "app/Procfile:2: warning: ignored: not a \"name: command\" line",
                "app/Procfile:3: warning: ignored: invalid process type name \"web.2\" (letters, digits, '_' and '-' only)",
                "app/Procfile:4: warning: ignored: \"worker:\" is indented; start it at the first column",
                "app/Procfile:5: warning: ignored: no ':' right after process type name \"clock\"",
                "app/Procfile:6: warning: ignored: process type \"release\" has no command");
    }

    @Test
    void duplicateNameIsAnErrorNamingBothLines() {
        assertThatThrownBy(() -> Procfile.parse("Procfile", "web: a\nworker: b\nweb: c\n"))
                .isInstanceOf(ProcfileException.class)
                .hasMessage("Procfile:3: duplicate process type \"web\" (first defined on line 1)");
    }

    @Test
    void emptyFileHasNoTypes() {
        assertThat(Procfile.parse("Procfile", "").types()).isEmpty();
    }

    @Test
    void readNamesTheFileWhenItIsMissing(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("Procfile");
        assertThatThrownBy(() -> Procfile.read(missing))
                .isInstanceOf(ProcfileException.class)
                .hasMessage(missing + ": no such file");
        Files.writeString(missing, "web: ok\n");
        assertThat(Procfile.read(missing).type("web")).contains(new ProcessType("web", "ok", 1));
    }
}
