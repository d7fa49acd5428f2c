package io.dynod.supervisor.logs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a dyno's log file under a disk-space cap without losing a line. The dyno writes the file
 * through an append-mode descriptor the agent cannot reopen, so classic rotation (rename, or copy
 * and truncate) would drop what the dyno writes meanwhile. Instead the part already read and
 * committed to the journal is released with {@code fallocate(PUNCH_HOLE)}: offsets stay valid, the
 * disk blocks are freed, and about half the cap of already-read output stays for people to read.
 * On a file system without hole punching, trimming is skipped with one warning.
 */
public final class LogFileTrimmer {
    public static final long DEFAULT_CAP_BYTES = 16L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LogFileTrimmer.class);
    private static final long BLOCK = 4096;
    private static final int O_WRONLY = 1;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    /** The libc calls for hole punching (the JDK has none). */
    interface Fallocate extends Library {
        Fallocate INSTANCE = Native.load("c", Fallocate.class);

        int open(String path, int flags);

        int fallocate(int fd, int mode, long offset, long length);

        int close(int fd);
    }

    private final long capBytes;
    private final Map<Path, Long> releasedUpTo = new HashMap<>();
    private boolean unsupported;

    public LogFileTrimmer(long capBytes) {
        if (capBytes < 2 * BLOCK) {
            throw new IllegalArgumentException("log cap must be at least " + 2 * BLOCK + " bytes, got " + capBytes);
        }
        this.capBytes = capBytes;
    }

    /**
     * Frees the start of {@code file} when it holds more than the cap, never past {@code committed}
     * (the position up to which every line is safely logged; ignored when it names another file).
     * Returns the bytes released.
     */
    public long trim(Path file, LogPosition committed) throws IOException {
        String id = LogTailer.idOf(file);
        if (unsupported || id == null || !id.equals(committed.fileId())) {
            return 0;
        }
        return trim(file, committed.offset());
    }

    long trim(Path file, long committed) throws IOException {
        long size = Files.size(file);
        long released = releasedUpTo.getOrDefault(file, 0L);
        long end = Math.min(committed, size - capBytes / 2) / BLOCK * BLOCK;
        if (size - released <= capBytes || end <= released) {
            return 0;
        }
        int fd = Fallocate.INSTANCE.open(file.toString(), O_WRONLY);
        if (fd < 0) {
            throw new IOException("cannot open " + file + " to trim it: errno " + Native.getLastError());
        }
        try {
            if (Fallocate.INSTANCE.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, released, end - released) != 0) {
                unsupported = true;
                LOG.warn("cannot punch holes in {} (errno {}): dyno log files will not be trimmed", file, Native.getLastError());
                return 0;
            }
        } finally {
            Fallocate.INSTANCE.close(fd);
        }
        releasedUpTo.put(file, end);
        return end - released;
    }

    /** The file is gone (its dyno was removed): stop tracking it. */
    public void forget(Path file) {
        releasedUpTo.remove(file);
    }
}
