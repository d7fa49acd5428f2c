package io.dynod.protocol.model;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config var maps. In {@code PATCH /v1/apps/{app}/config-vars} a null value unsets that var, as
 * in Heroku's API; all keys and values of an app together are capped at 32 KB like Heroku's.
 */
public final class ConfigVars {

    public static final int MAX_TOTAL_BYTES = 32 * 1024;

    private ConfigVars() {}

    /** Checks every key and the total size; null values (unset) are kept. Null in, null out. */
    public static Map<String, String> checked(Map<String, String> vars) {
        if (vars == null) {
            return null;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<String, String> entry : vars.entrySet()) {
            Names.configKey(entry.getKey());
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
            copy.put(entry.getKey(), entry.getValue());
        }
        if (bytes > MAX_TOTAL_BYTES) {
            throw new InvalidInputException("all config vars together take " + bytes + " bytes, more than the "
                    + MAX_TOTAL_BYTES + " allowed");
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The vars after applying a patch: null values remove their keys. Checks the result's size. */
    public static Map<String, String> applyPatch(Map<String, String> current, Map<String, String> patch) {
        Map<String, String> next = new LinkedHashMap<>(current);
        checked(patch).forEach((key, value) -> {
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        return checked(next);
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
