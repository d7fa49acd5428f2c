package io.dynod.cli;

import io.dynod.protocol.model.App;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The line config:set and config:unset print: {@code Setting A, B and C and restarting hello... done, v5}. */
final class ConfigChange {

    private ConfigChange() {}

    static String done(String verb, Collection<String> keys, String app, App after) {
        String release = after.release() == null ? "" : ", v" + after.release().version();
        return verb + " " + listed(keys) + " and restarting " + app + "... done" + release + "\n";
    }

    static String listed(Collection<String> keys) {
        List<String> names = new ArrayList<>(keys);
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
