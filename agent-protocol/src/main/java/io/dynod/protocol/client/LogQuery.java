package io.dynod.protocol.client;

import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of {@code GET /v1/apps/{app}/log-stream}: {@code tail} keeps the stream open for new
 * lines; {@code lines} is how many past lines to send first (the agent keeps 1,500); {@code dyno}
 * filters by dyno ({@code web.1}) or type ({@code web}); {@code source} is {@code app} or
 * {@code dynod}. Nulls mean the agent's defaults (100 lines, every dyno and source).
 */
public record LogQuery(boolean tail, Integer lines, String dyno, String source) {

    public static final int MAX_LINES = 1500;

    public LogQuery {
        if (lines != null && (lines < 0 || lines > MAX_LINES)) {
            throw new InvalidInputException("lines " + lines + ": must be 0 to " + MAX_LINES);
        }
        if (dyno != null) {
            Names.dynoOrType(dyno);
        }
        if (source != null && !source.equals("app") && !source.equals("dynod")) {
            throw new InvalidInputException("source \"" + source + "\": must be app or dynod");
        }
    }

    public static LogQuery recent() {
        return new LogQuery(false, null, null, null);
    }

    /** {@code ?tail=true&lines=100&dyno=web.1&source=app}, or empty. Values need no escaping. */
    public String toQueryString() {
        List<String> params = new ArrayList<>();
        if (tail) {
            params.add("tail=true");
        }
        if (lines != null) {
            params.add("lines=" + lines);
        }
        if (dyno != null) {
            params.add("dyno=" + dyno);
        }
        if (source != null) {
            params.add("source=" + source);
        }
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }
}
