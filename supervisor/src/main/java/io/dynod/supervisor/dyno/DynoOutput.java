package io.dynod.supervisor.dyno;

import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.logs.LogFileTrimmer;
import io.dynod.supervisor.logs.LogLine;
import io.dynod.supervisor.logs.LogPosition;
import io.dynod.supervisor.logs.LogSource;
import io.dynod.supervisor.logs.LogTailer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log side of the dyno manager: reads each dyno's log file into its app's log as
 * {@code app[web.1]} lines (stored with their file positions), writes the manager's
 * {@code dynod[web.1]} lines, and trims log files whose read part is safely stored.
 */
final class DynoOutput {
    private static final Logger LOG = LoggerFactory.getLogger(DynoOutput.class);

    private final AppLogs logs;
    private final LogFileTrimmer trimmer;
    private final InstantSource clock;
    private final Set<DynoSlot> followed = new HashSet<>();

    DynoOutput(AppLogs logs, LogFileTrimmer trimmer, InstantSource clock) {
        this.logs = logs;
        this.trimmer = trimmer;
        this.clock = clock;
    }

    void system(DynoSlot s, String text) {
        system(s, clock.instant(), text);
    }

    /** A system line about something observed at {@code at} (a memory sample, say). */
    void system(DynoSlot s, Instant at, String text) {
        logs.append(s.app.name, new LogLine(at, LogSource.DYNOD, s.name.toString(), text));
    }

    /** Starts reading the slot's log file, from its start or from where an earlier agent run left it. */
    void follow(DynoSlot s, Path logFile, LogPosition from) {
        if (s.tailer == null) {
            s.tailer = new LogTailer(logFile, from);
            followed.add(s);
        }
    }

    /**
     * A new slot (first start, or scaled up again) reads its file from the current end: what an
     * earlier dyno of that name wrote there is logged already. The file itself stays, so every
     * stored position keeps naming the same file.
     */
    void followNew(DynoSlot s, Path logFile) {
        if (s.tailer == null) {
            LogPosition end;
            try {
                end = LogTailer.endOf(logFile);
            } catch (IOException e) {
                LOG.warn("reading the end of {}: {}", logFile, e.toString());
                end = LogPosition.START;
            }
            follow(s, logFile, end);
        }
    }

    /** Where a restarted agent resumes a dyno's file: the journal holds the last line logged; the record may lag one poll. */
    LogPosition resumePoint(String app, String dyno, LogPosition recorded) {
        return logs.journalPositions(app).getOrDefault(dyno, recorded);
    }

    /** Reads what is left and stops following the slot. */
    void unfollow(DynoSlot s) {
        if (s.tailer == null) {
            return;
        }
        read(s);
        try {
            s.tailer.close();
        } catch (IOException e) {
            LOG.warn("closing log of {}: {}", s, e.toString());
        }
        s.tailer = null;
        followed.remove(s);
        trimmer.forget(s.spec.logFile());
    }

    /** Reads every followed file; each slot is handed to {@code afterRead} (to save its position). */
    void readAll(Consumer<DynoSlot> afterRead) {
        for (DynoSlot s : List.copyOf(followed)) {
            read(s);
            afterRead.accept(s);
            if (s.tailer != null) {
                try {
                    trimmer.trim(s.spec.logFile(), s.tailer.position()); // everything before it is in the journal
                } catch (IOException e) {
                    LOG.warn("trimming log of {}: {}", s, e.toString());
                }
            }
        }
    }

    void read(DynoSlot s) {
        if (s.tailer == null) {
            return;
        }
        List<AppLogs.FileLine> batch = new ArrayList<>();
        try {
            s.tailer.pollWithPositions((text, after) -> batch.add(
                    new AppLogs.FileLine(new LogLine(clock.instant(), LogSource.APP, s.name.toString(), text), after)));
        } catch (IOException e) {
            LOG.warn("reading log of {}: {}", s, e.toString());
        }
        logs.appendFromFile(s.app.name, batch); // what was read before a failure, too: the tailer has moved past it
    }
}
