package io.dynod.supervisor.testing;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one per-dyno series back out of Prometheus text. */
public final class MetricsText {
    private MetricsText() {
    }

    public static OptionalDouble value(String text, String metric, String app, String dyno) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric + "{app=\"" + app + "\",dyno=\"" + dyno + "\"} ")
                + "(\\S+)$").matcher(text);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
