package io.dynod.supervisor.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's log on disk, one JSON object per line, written before a line reaches the in-memory
 * {@link AppLog}. A line read from a dyno's log file is stored with the file position just after
 * it, so the journal is the single commit point for "this line was logged": a restarted agent
 * refills the ring from it and resumes each dyno's file exactly after the last line it holds —
 * no line lost, none repeated, even after {@code kill -9}. (A write cut short by a crash leaves
 * a torn last line, which is skipped and its bytes read again from the dyno's file.)
 *
 * <p>Beyond a size cap the journal is compacted to its newest lines (atomically, by rename),
 * keeping every dyno's latest resume point.
 */
public final class LogJournal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One journal line; {@code file}/{@code end} are set for lines read from a dyno's log file. */
    record Entry(String at, String source, String dyno, String text, String file, Long end) {
        static Entry of(LogLine line, LogPosition after) {
            return new Entry(line.at().toString(), line.source().word(), line.dyno(), line.text(),
                    after == null ? null : after.fileId(), after == null ? null : after.offset());
        }

        LogLine line() {
            return new LogLine(Instant.parse(at), LogSource.fromWord(source), dyno, text);
        }
    }

    /** What a journal holds: its newest lines, and per dyno the position after its last stored line. */
    public record Contents(List<LogLine> lines, Map<String, LogPosition> positions) {
    }

    private final Path file;
    private final long maxBytes;
    private final int keepLines;
    private FileChannel out;

    public LogJournal(Path file, long maxBytes, int keepLines) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keepLines = keepLines;
    }

    /** Reads the journal (missing = empty), keeping the newest {@code keepLines} lines. */
    public Contents load() throws IOException {
        List<Entry> entries = readEntries();
        Map<String, LogPosition> positions = new HashMap<>();
        for (Entry e : entries) {
            if (e.file() != null && e.end() != null) {
                positions.put(e.dyno(), new LogPosition(e.file(), e.end()));
            }
        }
        List<LogLine> lines = entries.subList(Math.max(0, entries.size() - keepLines), entries.size())
                .stream().map(Entry::line).toList();
        return new Contents(lines, positions);
    }

    /** Stores lines (with the position after each, or null for system lines) in one write. */
    public synchronized void append(List<LogLine> lines, List<LogPosition> after) throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            batch.append(JSON.writeValueAsString(Entry.of(lines.get(i), after.get(i)))).append('\n');
        }
        FileChannel channel = channel();
        ByteBuffer bytes = ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        if (channel.size() > maxBytes) {
            compact();
        }
    }

    public synchronized void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    private FileChannel channel() throws IOException {
        if (out == null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return out;
    }

    /** Keeps the newest lines, plus each dyno's latest positioned line so its resume point survives. */
    private void compact() throws IOException {
        List<Entry> entries = readEntries();
        int firstKept = Math.max(0, entries.size() - keepLines);
        Map<String, Integer> lastPositioned = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).end() != null) {
                lastPositioned.put(entries.get(i).dyno(), i);
            }
        }
        List<Entry> kept = new ArrayList<>();
        lastPositioned.values().stream().filter(i -> i < firstKept).sorted().forEach(i -> kept.add(entries.get(i)));
        kept.addAll(entries.subList(firstKept, entries.size()));
        Path temp = file.resolveSibling("." + file.getFileName() + ".compact");
        StringBuilder text = new StringBuilder();
        for (Entry e : kept) {
            text.append(JSON.writeValueAsString(e)).append('\n');
        }
        try (FileChannel t = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                t.write(bytes);
            }
            t.force(true);
        }
        close();
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private List<Entry> readEntries() throws IOException {
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            try {
                Entry e = JSON.readValue(raw.get(i), Entry.class);
                e.line(); // validates the fields
                entries.add(e);
            } catch (JsonProcessingException | RuntimeException e) {
                // the last line may be torn by a crash mid-write; anything else is damage worth a warning
                if (i < raw.size() - 1) {
                    LOG.warn("log journal {} line {} is damaged and skipped: {}", file, i + 1, e.getMessage());
                }
            }
        }
        return entries;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
