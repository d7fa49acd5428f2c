package io.dynod.protocol.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ps:scale syntax, as Heroku's CLI takes it: {@code web=2:standard-2x worker=1}, plus the
 * relative forms {@code web+1} and {@code worker-2}. Relative changes need the current formation
 * to become a {@link FormationBatch}.
 */
public final class FormationSyntax {

    /** Heroku CLI's {@code ^([\w-]+)([=+-]\d+)(?::([\w-]+))?$}, with type and size checked after. */
    private static final Pattern ENTRY = Pattern.compile("([\\w-]+)([=+-])(\\d{1,9})(?::([\\w-]+))?");

    private FormationSyntax() {}

    /** One parsed entry: {@code sign} is '=', '+' or '-'. */
    public record Change(String type, char sign, int amount, DynoSize size) {

        int quantityGiven(int current) {
            return switch (sign) {
                case '+' -> current + amount;
                case '-' -> Math.max(0, current - amount);
                default -> amount;
            };
        }
    }

    /** Parses whitespace- or comma-separated entries, e.g. {@code "web=2:standard-2x worker=1"}. */
    public static List<Change> parse(String text) {
        Names.required("formation", text);
        return parse(List.of(text.trim().split("[\\s,]+")));
    }

    public static List<Change> parse(List<String> entries) {
        List<Change> changes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            Change change = parseEntry(entry);
            if (!seen.add(change.type())) {
                throw new InvalidInputException("formation: process type " + change.type() + " given twice");
            }
            changes.add(change);
        }
        if (changes.isEmpty()) {
            throw new InvalidInputException("formation is empty: expected TYPE=QUANTITY[:SIZE], like web=2:standard-2x");
        }
        return List.copyOf(changes);
    }

    /** The batch update that makes these changes on top of {@code current} quantities by type. */
    public static FormationBatch toBatch(List<Change> changes, Map<String, Integer> current) {
        List<FormationUpdate> updates = new ArrayList<>();
        for (Change change : changes) {
            int quantity = change.quantityGiven(current.getOrDefault(change.type(), 0));
            updates.add(new FormationUpdate(change.type(), quantity, change.size()));
        }
        return new FormationBatch(updates);
    }

    /** Whether any change is relative ({@code web+1}), so the current formation must be read first. */
    public static boolean needsCurrent(List<Change> changes) {
        return changes.stream().anyMatch(change -> change.sign() != '=');
    }

    /** {@code web=2:standard-2x worker=1:standard-1x}: how ps:scale shows a formation. */
    public static String format(List<Formation> formation) {
        return formation.stream().map(Formation::toScaleSyntax).collect(Collectors.joining(" "));
    }

    private static Change parseEntry(String entry) {
        Matcher matcher = ENTRY.matcher(entry);
        if (!matcher.matches()) {
            throw new InvalidInputException("formation \"" + entry
                    + "\": expected TYPE=QUANTITY[:SIZE], like web=2:standard-2x (or web+1, web-1)");
        }
        String type = Names.processType(matcher.group(1));
        char sign = matcher.group(2).charAt(0);
        int amount = Integer.parseInt(matcher.group(3));
        if (sign == '=') {
            FormationUpdate.checkQuantity(type, amount);
        }
        DynoSize size = matcher.group(4) == null ? null : DynoSize.parse(matcher.group(4));
        return new Change(type, sign, amount, size);
    }
}
