package io.dynod.router.errors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request in Heroku's router format (heroku-runtime.md §3.10), logfmt, to
 * the {@code io.dynod.router.access} logger:
 * {@code at=error code=H12 desc="Request timeout" method=GET path="/" host=… request_id=… fwd="…"
 * dyno=web.1 connect=1ms service=30001ms status=503 bytes=0 protocol=http}.
 * Lines are only built when the logger is enabled, so turning it off costs nothing per request.
 */
public final class RouterLog {

    /** The logger name; set it to WARN to keep only errors. */
    public static final String LOGGER = "io.dynod.router.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** The fields of one line; {@code connectMillis} &lt; 0 prints as empty. */
    public record Line(HerokuError error, String cause, String method, String path, String host,
            String requestId, String fwd, String dyno, long connectMillis, long serviceMillis, int status,
            long bytes, String protocol, String sock) {}

    private RouterLog() {}

    public static boolean infoEnabled() {
        return LOG.isInfoEnabled();
    }

    public static void log(Line line) {
        if (line.error() == null) {
            if (LOG.isInfoEnabled()) {
                LOG.info(format(line));
            }
        } else if (line.error().status() == 499 ? LOG.isWarnEnabled() : LOG.isErrorEnabled()) {
            String text = format(line);
            if (line.error().status() == 499) {
                LOG.warn(text);
            } else {
                LOG.error(text);
            }
        }
    }

    public static String format(Line l) {
        StringBuilder b = new StringBuilder(256);
        if (l.error() == null) {
            b.append("at=info");
        } else {
            b.append("at=").append(l.error().severity());
            if (!l.error().code().isEmpty()) {
                b.append(" code=").append(l.error().code());
            }
            b.append(" desc=");
            quoted(b, l.error().description());
            if (l.cause() != null) {
                b.append(" cause=");
                quoted(b, l.cause());
            }
        }
        b.append(" method=").append(bare(l.method()));
        b.append(" path=");
        quoted(b, l.path());
        b.append(" host=").append(bare(l.host()));
        b.append(" request_id=").append(bare(l.requestId()));
        b.append(" fwd=");
        quoted(b, l.fwd());
        b.append(" dyno=").append(bare(l.dyno()));
        b.append(" connect=");
        if (l.connectMillis() >= 0) {
            b.append(l.connectMillis()).append("ms");
        }
        b.append(" service=").append(l.serviceMillis()).append("ms");
        b.append(" status=").append(l.status());
        b.append(" bytes=").append(l.bytes());
        b.append(" protocol=").append(bare(l.protocol()));
        if (l.sock() != null) {
            b.append(" sock=").append(l.sock());
        }
        return b.toString();
    }

    private static String bare(String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c > '~') {
                return value.replaceAll("[\\x00-\\x20\"\\x7f-\\uffff]", "_");
            }
        }
        return value;
    }

    private static void quoted(StringBuilder b, String value) {
        b.append('"');
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < ' ' || c == 0x7f) {
                    b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                } else {
                    b.append(c);
                }
            }
        }
        b.append('"');
    }
}
