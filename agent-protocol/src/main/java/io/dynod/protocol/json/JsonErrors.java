package io.dynod.protocol.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.WireName;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into one short line naming the field, for a 400's message. */
final class JsonErrors {

    private JsonErrors() {}

    static String describe(JsonProcessingException e) {
        InvalidInputException invalid = invalidInputIn(e);
        String path = e instanceof DatabindException mapping ? pathOf(mapping) : "";
        if (invalid != null) {
            return path.isEmpty() || invalid.getMessage().contains(path)
                    ? invalid.getMessage()
                    : "field \"" + path + "\": " + invalid.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field \"" + path + "\"" + known(unknown.getKnownPropertyIds());
        }
        if (e instanceof InvalidTypeIdException badType) {
            return "field \"" + (path.isEmpty() ? "type" : path + ".type") + "\": unknown type \""
                    + badType.getTypeId() + "\"";
        }
        if (e instanceof InvalidFormatException badValue) {
            return "field \"" + path + "\": expected " + expected(badValue.getTargetType())
                    + ", got " + quoted(badValue.getValue());
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = Objects.toString(mismatch.getOriginalMessage(), "");
            if (original.startsWith("Trailing token")) {
                return "malformed JSON" + at(e.getLocation()) + ": more content after the JSON value";
            }
            if (path.isEmpty()) {
                return "expected " + expected(mismatch.getTargetType());
            }
            return "field \"" + path + "\": expected " + expected(mismatch.getTargetType());
        }
        if (e instanceof StreamReadException) {
            return "malformed JSON" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static InvalidInputException invalidInputIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /** {@code updates[0].quantity}, from Jackson's reference chain. */
    private static String pathOf(DatabindException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String known(Collection<Object> knownIds) {
        if (knownIds == null || knownIds.isEmpty()) {
            return "";
        }
        TreeSet<String> names = knownIds.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
        return " (known fields: " + String.join(", ", names) + ")";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant like 2026-11-26T11:02:03Z";
        }
        if (type.isEnum()) {
            return "one of " + enumNames(type);
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String enumNames(Class<?> type) {
        return java.util.Arrays.stream(type.getEnumConstants())
                .map(constant -> constant instanceof WireName wire ? wire.wireName() : String.valueOf(constant))
                .collect(Collectors.joining(", "));
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
