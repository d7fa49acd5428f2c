package io.dynod.supervisor.release;

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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Procfile: process types in file order. The line rule is foreman's and forego's
 * ({@code NAME: command}, names {@code [A-Za-z0-9_-]+}); blank lines and {@code #} comments are
 * skipped. Unlike foreman, any other line is reported as a warning, and a duplicate name is an
 * error rather than a silent override.
 */
public record Procfile(String file, List<ProcessType> types, List<SourceWarning> warnings) {

    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z0-9_-]+):\\s*(.*)$");
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern LOOKS_LIKE_ENTRY = Pattern.compile("^(\\s*)([^:\\s]+)\\s*:.*$");

    public Procfile {
        types = List.copyOf(types);
        warnings = List.copyOf(warnings);
    }

    /** Reads and parses {@code path}; messages name the file as {@code path} is written. */
    public static Procfile read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProcfileException(path + ": no such file");
        } catch (IOException e) {
            throw new ProcfileException(path + ": cannot read: " + e);
        }
        return parse(path.toString(), text);
    }

    /** Parses Procfile text; {@code file} is only used in messages. */
    public static Procfile parse(String file, String text) {
        Map<String, ProcessType> byName = new LinkedHashMap<>();
        List<SourceWarning> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                warnings.add(new SourceWarning(file, lineNo, whyNotAnEntry(line)));
                continue;
            }
            String name = entry.group(1);
            String command = entry.group(2).strip();
            if (command.isEmpty()) {
                warnings.add(new SourceWarning(file, lineNo, "ignored: process type \"" + name + "\" has no command"));
                continue;
            }
            ProcessType first = byName.get(name);
            if (first != null) {
                throw new ProcfileException(file + ":" + lineNo + ": duplicate process type \"" + name
                        + "\" (first defined on line " + first.line() + ")");
            }
            byName.put(name, new ProcessType(name, command, lineNo));
        }
        return new Procfile(file, new ArrayList<>(byName.values()), warnings);
    }

    private static String whyNotAnEntry(String line) {
        Matcher named = LOOKS_LIKE_ENTRY.matcher(line);
        if (named.matches()) {
            String name = named.group(2);
            if (!VALID_NAME.matcher(name).matches()) {
                return "ignored: invalid process type name \"" + name + "\" (letters, digits, '_' and '-' only)";
            }
            if (!named.group(1).isEmpty()) {
                return "ignored: \"" + name + ":\" is indented; start it at the first column";
            }
            return "ignored: no ':' right after process type name \"" + name + "\"";
        }
        return "ignored: not a \"name: command\" line";
    }

    public Optional<ProcessType> type(String name) {
        return types.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Position of a type in the file (0-based), used for port numbering. */
    public int indexOf(String name) {
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Type name to command, in file order: a release's process types. */
    public Map<String, String> commands() {
        Map<String, String> commands = new LinkedHashMap<>();
        types.forEach(t -> commands.put(t.name(), t.command()));
        return Collections.unmodifiableMap(commands);
    }

    public List<String> names() {
        return types.stream().map(ProcessType::name).toList();
    }
}
