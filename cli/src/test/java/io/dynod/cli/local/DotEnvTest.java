package io.dynod.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.dynod.supervisor.release.SourceWarning;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    private static DotEnv parse(String text) {
        return DotEnv.parse(".env", text);
    }

    @Test
    void plainAssignmentsKeepOrderAndEqualsSignsInsideValues() {
        DotEnv env = parse("A=1\nDATABASE_URL=postgres://u:p@h/db?sslmode=require&x=y\nB=two words\n");
        assertThat(env.values()).containsExactly(
                entry("A", "1"),
                entry("DATABASE_URL", "postgres://u:p@h/db?sslmode=require&x=y"),
                entry("B", "two words"));
        assertThat(env.warnings()).isEmpty();
    }

    @Test
    void emptyValuesInEveryForm() {
        DotEnv env = parse("A=\nB=''\nC=\"\"\nD=   \nE= # only a comment\n");
        assertThat(env.values()).containsExactly(
                entry("A", ""), entry("B", ""), entry("C", ""), entry("D", ""), entry("E", ""));
    }

    @Test
    void exportPrefixCommentsBlankLinesAndSpacesAroundEquals() {
        DotEnv env = parse("""
                # a comment
                   # an indented comment

                export A=1
                export   B = 2
                C=3 # trailing comment
                D=no#comment
                export=ok
                """);
        assertThat(env.values()).containsExactly(
                entry("A", "1"), entry("B", "2"), entry("C", "3"), entry("D", "no#comment"), entry("export", "ok"));
        assertThat(env.warnings()).isEmpty();
    }

    @Test
    void singleQuotesAreLiteral() {
        DotEnv env = parse("A='x\\ny $HOME \"q\" # not a comment'  # a comment\n");
        assertThat(env.values()).containsExactly(entry("A", "x\\ny $HOME \"q\" # not a comment"));
    }

    @Test
    void doubleQuotesUnescapeNewlineQuoteAndBackslash() {
        DotEnv env = parse("A=\"line1\\nline2\"\nB=\"say \\\"hi\\\"\"\nC=\"back\\\\slash \\$x \\t\"\nD=\"it's # kept\"\n");
        assertThat(env.values()).containsExactly(
                entry("A", "line1\nline2"),
                entry("B", "say \"hi\""),
                entry("C", "back\\slash $x t"),
                entry("D", "it's # kept"));
    }

    @Test
    void quotedValuesMaySpanLines() {
        DotEnv env = parse("KEY=\"-----BEGIN-----\nabc\n-----END-----\"\nLIT='a\n  b'\nNEXT=1\n");
        assertThat(env.values()).containsExactly(
                entry("KEY", "-----BEGIN-----\nabc\n-----END-----"),
                entry("LIT", "a\n  b"),
                entry("NEXT", "1"));
        assertThat(env.warnings()).isEmpty();
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        assertThat(parse("A=1\r\nB=\"x\"\r\n").values()).containsExactly(entry("A", "1"), entry("B", "x"));
    }

    @Test
    void malformedLinesAreSkippedWithWarningsNamingFileAndLine() {
        DotEnv env = DotEnv.parse("config/dev.env", """
                GOOD=1
                JUST_A_WORD
                my-key=1
                9LIVES=cat
                =nothing
                Q="closed" trailing
                ALSO_GOOD=2
                """);
        assertThat(env.values()).containsExactly(entry("GOOD", "1"), entry("ALSO_GOOD", "2"));
        assertThat(env.warnings()).extracting(SourceWarning::toString).containsExactly(
                "config/dev.env:2: warning: ignored: expected KEY=value",
                "config/dev.env:3: warning: ignored: invalid variable name \"my-key\" (letters, digits, '_' and '.', not starting with a digit)",
                "config/dev.env:4: warning: ignored: invalid variable name \"9LIVES\" (letters, digits, '_' and '.', not starting with a digit)",
                "config/dev.env:5: warning: ignored: invalid variable name \"\" (letters, digits, '_' and '.', not starting with a digit)",
                "config/dev.env:6: warning: ignored: unexpected text after the closing quote of Q");
    }

    @Test
    void unterminatedQuoteIsReportedAndDoesNotSwallowTheRestOfTheFile() {
        DotEnv env = parse("A=1\nB=\"never closed\nC=3\n");
        assertThat(env.values()).containsExactly(entry("A", "1"), entry("C", "3"));
        assertThat(env.warnings()).extracting(SourceWarning::toString)
                .containsExactly(".env:2: warning: ignored: B has no closing \"");
    }

    @Test
    void laterAssignmentOfTheSameKeyWins() {
        assertThat(parse("A=1\nA=2\n").values()).containsExactly(entry("A", "2"));
    }

    @Test
    void missingFileIsAnErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("other.env");
        assertThatThrownBy(() -> DotEnv.read(missing))
                .isInstanceOf(LocalException.class)
                .hasMessage(missing + ": no such file");
    }
}
