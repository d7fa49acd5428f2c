package io.dynod.supervisor.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's app logs, one {@link AppLog} per app, made on first use. With a journal directory
 * every line is first stored in the app's {@link LogJournal}, and an app's log is refilled from
 * it after an agent restart; without one (tests, {@code dynod local}) logs live in memory only.
 */
public final class AppLogs {
    private static final Logger LOG = LoggerFactory.getLogger(AppLogs.class);
    public static final long DEFAULT_JOURNAL_BYTES = 8L << 20;

    /** A line read from a dyno's log file, with the file position just after it. */
    public record FileLine(LogLine line, LogPosition after) {
    }

    private final Map<String, Journaled> logs = new ConcurrentHashMap<>();
    private final int capacity;
    private final Path journalDir;

    public AppLogs() {
        this(AppLog.DEFAULT_CAPACITY);
    }

    public AppLogs(int capacity) {
        this(capacity, null);
    }

    public AppLogs(int capacity, Path journalDir) {
        this.capacity = capacity;
        this.journalDir = journalDir;
    }

    public AppLog of(String app) {
        return journaled(app).ring;
    }

    /** A system ({@code dynod}) line. */
    public void append(String app, LogLine line) {
        Journaled j = journaled(app);
        synchronized (j) {
            j.store(List.of(line), Collections.singletonList(null));
            j.ring.append(line);
        }
    }

    /** Lines of a dyno's output: stored with their file positions, then shown. */
    public void appendFromFile(String app, List<FileLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Journaled j = journaled(app);
        List<LogLine> plain = new ArrayList<>(lines.size());
        List<LogPosition> after = new ArrayList<>(lines.size());
        for (FileLine l : lines) {
            plain.add(l.line());
            after.add(l.after());
        }
        synchronized (j) {
            j.store(plain, after);
            lines.forEach(l -> j.ring.append(l.line()));
        }
    }

    /** Per dyno, the position after the last of its lines the journal holds (empty without a journal). */
    public Map<String, LogPosition> journalPositions(String app) {
        return journaled(app).positions;
    }

    public void remove(String app) {
        Journaled j = logs.remove(app);
        if (j != null && j.journal != null) {
            try {
                j.journal.delete();
            } catch (IOException e) {
                throw new UncheckedIOException("removing the log journal of " + app, e);
            }
        }
    }

    private Journaled journaled(String app) {
        return logs.computeIfAbsent(app, a -> {
            AppLog ring = new AppLog(capacity);
            if (journalDir == null) {
                return new Journaled(ring, null, Map.of());
            }
            LogJournal journal = new LogJournal(journalDir.resolve(a + ".log.jsonl"), DEFAULT_JOURNAL_BYTES, capacity);
            try {
                LogJournal.Contents contents = journal.load();
                contents.lines().forEach(ring::append);
                return new Journaled(ring, journal, Map.copyOf(contents.positions()));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the log journal of " + a, e);
            }
        });
    }

    private record Journaled(AppLog ring, LogJournal journal, Map<String, LogPosition> positions) {
        void store(List<LogLine> lines, List<LogPosition> after) {
            if (journal == null) {
                return;
            }
            try {
                journal.append(lines, after);
            } catch (IOException e) {
                // the lines still reach the ring; only their survival across an agent restart is at risk
                LOG.warn("writing the log journal failed: {}", e.toString());
            }
        }
    }
}
