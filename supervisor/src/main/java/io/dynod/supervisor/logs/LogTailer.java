package io.dynod.supervisor.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads a dyno's log file from a saved {@link LogPosition}, line by line, so that no line is lost
 * or repeated across an agent restart: each line comes with the position just after it, and
 * whoever stores a line together with its position can resume exactly there. An unfinished last
 * line is left for the next poll.
 *
 * <p>Survives the two rotation styles:
 * <ul>
 *   <li>truncation in place (copytruncate): the file shrinks below what was read → read it again
 *       from the start;</li>
 *   <li>rename ({@code dyno.log} → {@code dyno.log.1}, writer reopens): the path now names a
 *       different file → finish the old one, then read the new one from the start. After an
 *       agent restart the old file is looked for at {@code <name>.1} by its identity.</li>
 * </ul>
 * Not thread-safe; one tailer per file.
 */
public final class LogTailer implements Closeable {
    private static final String ROTATED_SUFFIX = ".1";

    private final Path file;
    private final LineSplitter splitter;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private FileChannel channel;
    /** The file being consumed, and the offset in it where the splitter's count started. */
    private String fileId;
    private long base;
    private long readPos;

    public LogTailer(Path file, LogPosition from, int maxLineBytes) {
        this.file = file;
        this.splitter = new LineSplitter(maxLineBytes);
        this.fileId = from.fileId();
        this.base = from.offset();
        this.readPos = from.offset();
    }

    public LogTailer(Path file, LogPosition from) {
        this(file, from, LineSplitter.HEROKU_MAX_LINE_BYTES);
    }

    /** Where the next poll starts: just after the last line handed to a sink. */
    public LogPosition position() {
        return new LogPosition(fileId, base + splitter.consumedBytes());
    }

    /** Hands every complete new line to {@code sink}; returns how many. */
    public int poll(Consumer<String> sink) throws IOException {
        return pollWithPositions((line, after) -> sink.accept(line));
    }

    /** Hands every complete new line, with the position just after it, to {@code sink}; returns how many. */
    public int pollWithPositions(BiConsumer<String, LogPosition> sink) throws IOException {
        int[] count = {0};
        Consumer<String> counting = line -> {
            count[0]++;
            sink.accept(line, position());
        };
        if (channel == null && !open(counting)) {
            return 0;
        }
        if (channel.size() < readPos) {
            // truncated in place: what was pending is all there will ever be of that line
            splitter.flush(counting);
            restartAt(fileId);
        }
        readToEnd(channel, counting);
        String currentId = idOf(file);
        if (currentId != null && !currentId.equals(fileId)) {
            // renamed away: the old file is finished, continue with its successor
            splitter.flush(counting);
            channel.close();
            channel = null;
            restartAt(currentId);
            if (open(counting)) {
                readToEnd(channel, counting);
            }
        }
        return count[0];
    }

    private void restartAt(String id) {
        fileId = id;
        readPos = 0;
        base = -splitter.consumedBytes();
    }

    private boolean open(Consumer<String> sink) throws IOException {
        String currentId = idOf(file);
        if (currentId == null) {
            return false;
        }
        if (!fileId.isEmpty() && !fileId.equals(currentId)) {
            finishRotatedFile(sink);
            restartAt(currentId);
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileId = currentId;
        return true;
    }

    /** After a restart: the saved file was renamed to {@code <name>.1}; read the rest of it. */
    private void finishRotatedFile(Consumer<String> sink) throws IOException {
        Path rotated = file.resolveSibling(file.getFileName() + ROTATED_SUFFIX);
        if (fileId.equals(idOf(rotated))) {
            try (FileChannel old = FileChannel.open(rotated, StandardOpenOption.READ)) {
                readToEnd(old, sink);
            }
            splitter.flush(sink);
        } else {
            splitter.discardPending();
        }
    }

    private void readToEnd(FileChannel from, Consumer<String> sink) throws IOException {
        while (true) {
            buffer.clear();
            int n = from.read(buffer, readPos);
            if (n <= 0) {
                return;
            }
            readPos += n;
            splitter.feed(buffer.array(), 0, n, sink);
        }
    }

    /** The position after everything now in {@code file}; {@link LogPosition#START} when there is no file. */
    public static LogPosition endOf(Path file) throws IOException {
        String id = idOf(file);
        return id == null ? LogPosition.START : new LogPosition(id, Files.size(file));
    }

    /** {@code dev:inode}, or null when nothing is at the path. */
    static String idOf(Path path) throws IOException {
        try {
            return Files.getAttribute(path, "unix:dev") + ":" + Files.getAttribute(path, "unix:ino");
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
