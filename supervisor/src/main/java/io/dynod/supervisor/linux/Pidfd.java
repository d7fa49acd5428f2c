package io.dynod.supervisor.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * pidfd_open(2) and pidfd_send_signal(2): a handle that stays bound to one process even if its
 * PID is recycled, so signals read from a cgroup's member list never hit a stranger.
 */
public final class Pidfd implements AutoCloseable {
    // Same numbers on every architecture (the unified syscall table since Linux 5.1).
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;

    private static final int EINTR = 4;

    private final int fd;

    private Pidfd(int fd) {
        this.fd = fd;
    }

    /** Empty when the process is already gone (ESRCH). */
    public static Optional<Pidfd> open(long pid) {
        long fd = LibC.INSTANCE.syscall(SYS_PIDFD_OPEN, (int) pid, 0);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.ESRCH) {
                return Optional.empty();
            }
            throw new IllegalStateException("pidfd_open(" + pid + ") failed: errno " + errno);
        }
        return Optional.of(new Pidfd((int) fd));
    }

    /** True if delivered; false if the process has exited meanwhile. */
    public boolean signal(int signal) {
        long rc = LibC.INSTANCE.syscall(SYS_PIDFD_SEND_SIGNAL, fd, signal, null, 0);
        if (rc < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.ESRCH) {
                return false;
            }
            throw new IllegalStateException("pidfd_send_signal failed: errno " + errno);
        }
        return true;
    }

    /**
     * Waits up to {@code timeoutMillis} for the process to end; true once it has. Works for any
     * process, not only children: how a restarted agent watches dynos it did not start.
     */
    public boolean awaitExit(int timeoutMillis) {
        ByteBuffer pollfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        pollfd.putInt(0, fd).putShort(4, LibC.POLLIN);
        byte[] bytes = pollfd.array();
        int rc = LibC.INSTANCE.poll(bytes, new NativeLong(1), timeoutMillis);
        if (rc < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR) {
                return false;
            }
            throw new IllegalStateException("poll on pidfd failed: errno " + errno);
        }
        return rc > 0;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}
