package io.dynod.supervisor.logs;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into log lines at {@code \n} (a trailing {@code \r} is dropped). A line
 * longer than the limit (10,000 bytes, as logplex) becomes several lines of at most the limit
 * each, cut between UTF-8 characters, never inside one. Bytes after the last newline stay
 * pending until more arrive, so a reader can tell exactly how far it has consumed.
 */
public final class LineSplitter {
    public static final int HEROKU_MAX_LINE_BYTES = 10_000;
    private static final int MAX_CONTINUATION_BYTES = 3;

    private final int maxBytes;
    private final byte[] pending;
    private int pendingLen;
    private long consumed;

    public LineSplitter() {
        this(HEROKU_MAX_LINE_BYTES);
    }

    public LineSplitter(int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("line limit must hold one UTF-8 character (4 bytes), got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.pending = new byte[maxBytes + 1];
    }

    public void feed(byte[] data, int offset, int length, Consumer<String> sink) {
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (b == '\n') {
                int end = pendingLen > 0 && pending[pendingLen - 1] == '\r' ? pendingLen - 1 : pendingLen;
                consumed += pendingLen + 1;
                pendingLen = 0;
                sink.accept(new String(pending, 0, end, StandardCharsets.UTF_8));
                continue;
            }
            pending[pendingLen++] = b;
            if (pendingLen > maxBytes) {
                emitLongPrefix(sink);
            }
        }
    }

    /** Bytes covered by the lines emitted so far (newlines included); during a sink call, up to and including that line. */
    public long consumedBytes() {
        return consumed;
    }

    /** Bytes fed but not yet emitted (an unfinished last line). */
    public int pendingBytes() {
        return pendingLen;
    }

    /** Emits the unfinished last line, if any (when its file will get no more bytes). */
    public void flush(Consumer<String> sink) {
        if (pendingLen > 0) {
            String line = new String(pending, 0, pendingLen, StandardCharsets.UTF_8);
            consumed += pendingLen;
            pendingLen = 0;
            sink.accept(line);
        }
    }

    /** Drops the unfinished line (its bytes are read again from a saved offset). */
    public void discardPending() {
        pendingLen = 0;
    }

    private void emitLongPrefix(Consumer<String> sink) {
        int cut = maxBytes;
        while (cut > maxBytes - MAX_CONTINUATION_BYTES && isContinuation(pending[cut])) {
            cut--;
        }
        if (isContinuation(pending[cut])) {
            cut = maxBytes; // not UTF-8 anyway: cut at the limit
        }
        String chunk = new String(pending, 0, cut, StandardCharsets.UTF_8);
        System.arraycopy(pending, cut, pending, 0, pendingLen - cut);
        pendingLen -= cut;
        consumed += cut;
        sink.accept(chunk);
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
