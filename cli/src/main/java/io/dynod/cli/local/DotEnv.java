package io.dynod.cli.local;

import io.dynod.supervisor.release.SourceWarning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code .env} file. Rules, following foreman and dotenv where they agree:
 * <ul>
 *   <li>{@code KEY=value}, one per line; an optional {@code export } prefix; blank lines and
 *       {@code #} comment lines are skipped; spaces around {@code =} are allowed.</li>
 *   <li>Unquoted values end before a {@code #} that follows whitespace and lose trailing
 *       whitespace; an {@code =} inside the value is kept.</li>
 *   <li>{@code 'single quotes'} are literal; {@code "double quotes"} turn {@code \n} and
 *       {@code \r} into newline and carriage return, and any other backslash-escaped character
 *       into itself ({@code \"}, {@code \\}). Both kinds may span lines.</li>
 *   <li>No {@code $VAR} expansion (foreman and honcho do none).</li>
 * </ul>
 * Any other line is skipped with a warning naming the file and line.
 */
public record DotEnv(Map<String, String> values, List<SourceWarning> warnings) {

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([^=\\s]*)\\s*=(.*)$", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("(?:^|\\s)#");

    public DotEnv {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        warnings = List.copyOf(warnings);
    }

    public static DotEnv read(Path path) {
        try {
            return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new LocalException(path + ": no such file");
        } catch (IOException e) {
            throw new LocalException(path + ": cannot read: " + e);
        }
    }

    /** Parses .env text; {@code file} is only used in warnings. */
    public static DotEnv parse(String file, String text) {
        return new Parser(file, text.split("\r?\n", -1)).parse();
    }

    private static final class Parser {
        private final String file;
        private final String[] lines;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<SourceWarning> warnings = new ArrayList<>();

        Parser(String file, String[] lines) {
            this.file = file;
            this.lines = lines;
        }

        DotEnv parse() {
            int i = 0;
            while (i < lines.length) {
                i = parseEntryAt(i);
            }
            return new DotEnv(values, warnings);
        }

        /** Parses the entry starting at line index {@code i}; returns the index of the next entry. */
        private int parseEntryAt(int i) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                return i + 1;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                return warn(i, "ignored: expected KEY=value");
            }
            String key = assignment.group(1);
            if (!KEY.matcher(key).matches()) {
                return warn(i, "ignored: invalid variable name \"" + key
                        + "\" (letters, digits, '_' and '.', not starting with a digit)");
            }
            String rest = assignment.group(2);
            String value = rest.stripLeading();
            if (value.startsWith("'") || value.startsWith("\"")) {
                return quoted(i, key, value);
            }
            values.put(key, unquoted(rest));
            return i + 1;
        }

        private static String unquoted(String rest) {
            Matcher comment = TRAILING_COMMENT.matcher(rest);
            String value = comment.find() ? rest.substring(0, comment.start()) : rest;
            return value.strip();
        }

        /** A quoted value, possibly over several lines; {@code rest} starts with the quote. */
        private int quoted(int start, String key, String rest) {
            char quote = rest.charAt(0);
            StringBuilder value = new StringBuilder();
            String text = rest.substring(1);
            int lineIndex = start;
            while (true) {
                int end = scan(text, quote, value);
                if (end >= 0) {
                    String after = text.substring(end + 1).strip();
                    if (!after.isEmpty() && !after.startsWith("#")) {
                        return warn(lineIndex, "ignored: unexpected text after the closing quote of " + key);
                    }
                    values.put(key, value.toString());
                    return lineIndex + 1;
                }
                lineIndex++;
                if (lineIndex >= lines.length) {
                    // Resume right after the opening line so one stray quote does not swallow the file.
                    return warn(start, "ignored: " + key + " has no closing " + quote);
                }
                value.append('\n');
                text = lines[lineIndex];
            }
        }

        /** Appends {@code text} up to the closing quote to {@code value}; returns its index or -1. */
        private static int scan(String text, char quote, StringBuilder value) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == quote) {
                    return i;
                }
                if (quote == '"' && c == '\\' && i + 1 < text.length()) {
                    char escaped = text.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped == 'r' ? '\r' : escaped);
                } else {
                    value.append(c);
                }
            }
            return -1;
        }

        private int warn(int lineIndex, String message) {
            warnings.add(new SourceWarning(file, lineIndex + 1, message));
            return lineIndex + 1;
        }
    }
}
