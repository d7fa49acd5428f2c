package io.dynod.cli.local;

import java.io.IOException;
import java.io.InputStream;

/**
 * Copies one child stream to the {@link OutputPrefixer} a whole line at a time, on its own
 * thread. A line longer than {@link #MAX_LINE} bytes is split so memory stays bounded; a last
 * line without a newline is still written when the stream ends.
 */
final class LinePump implements Runnable {

    static final int MAX_LINE = 64 * 1024;

    interface LineSink {
        void line(byte[] text, int offset, int length);
    }

    private final InputStream in;
    private final LineSink sink;

    LinePump(InputStream in, LineSink sink) {
        this.in = in;
        this.sink = sink;
    }

    static Thread start(String threadName, InputStream in, LineSink sink) {
        Thread thread = new Thread(new LinePump(in, sink), threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        byte[] line = new byte[MAX_LINE];
        byte[] chunk = new byte[8192];
        int used = 0;
        try (in) {
            int n;
            while ((n = in.read(chunk)) != -1) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        sink.line(line, 0, withoutCarriageReturn(line, used));
                        used = 0;
                    } else {
                        if (used == line.length) {
                            sink.line(line, 0, used);
                            used = 0;
                        }
                        line[used++] = b;
                    }
                }
            }
        } catch (IOException e) {
            // The pipe was closed under us: nothing more to copy.
        }
        if (used > 0) {
            sink.line(line, 0, withoutCarriageReturn(line, used));
        }
    }

    private static int withoutCarriageReturn(byte[] line, int used) {
        return used > 0 && line[used - 1] == '\r' ? used - 1 : used;
    }
}
