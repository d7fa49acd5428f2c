package io.dynod.supervisor.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path like {@code /v1/apps/{app}/releases/{version}/rollback}: literal segments and named ones. */
record PathPattern(List<String> segments) {

    static PathPattern of(String pattern) {
        return new PathPattern(List.of(pattern.substring(1).split("/", -1)));
    }

    /** The named segments' values when {@code path} matches. */
    Optional<Map<String, String>> match(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String want = segments.get(i);
            if (want.startsWith("{")) {
                params.put(want.substring(1, want.length() - 1), parts[i]);
            } else if (!want.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
