package io.dynod.supervisor.slug;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes bytes through and fails, with the given message, once more than a limit went by. */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final String tooLarge;
    private long count;

    LimitedInputStream(InputStream in, long limit, String tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws SlugException {
        count += n;
        if (count > limit) {
            throw new SlugException(tooLarge);
        }
    }
}
