package io.dynod.supervisor.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * An AF_UNIX datagram socket (close-on-exec), through JNA. Sending is all the agent needs
 * (sd_notify); binding and receiving serve the manager side of the protocol, e.g. tests that play
 * systemd. Not meant to be closed while another thread is inside {@link #receive}.
 */
public final class UnixDatagramSocket implements AutoCloseable {

    private static final UnixDatagram C = UnixDatagram.INSTANCE;
    /** The largest datagram a unix socket accepts by default is well below this. */
    private static final int MAX_DATAGRAM = 64 * 1024;

    private final int fd;
    private final String description;
    private boolean closed;

    private UnixDatagramSocket(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    /** An unbound socket, for sending. */
    public static UnixDatagramSocket open() throws IOException {
        return new UnixDatagramSocket(newSocket(), "unbound unix datagram socket");
    }

    /** A socket bound to {@code address}, for receiving. A path must not exist yet. */
    public static UnixDatagramSocket bind(UnixAddress address) throws IOException {
        int fd = newSocket();
        try {
            C.bind(fd, address.sockaddr(), address.sockaddrLength());
        } catch (LastErrorException e) {
            C.close(fd);
            throw failure("bind(" + address + ")", e);
        }
        return new UnixDatagramSocket(fd, "unix datagram socket " + address);
    }

    /**
     * Sends one datagram without ever blocking (the caller may be an event loop); fails if nobody
     * listens at {@code to} or its queue is full.
     */
    public void send(UnixAddress to, byte[] message) throws IOException {
        while (true) {
            try {
                C.sendto(fd, message, new NativeLong(message.length), UnixDatagram.MSG_DONTWAIT,
                        to.sockaddr(), to.sockaddrLength());
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != UnixDatagram.EINTR) {
                    throw failure("sendto(" + to + ")", e);
                }
            }
        }
    }

    /**
     * Waits up to {@code timeout} for one datagram. {@link Duration#ZERO} only takes what is
     * already queued. Empty when nothing arrived in time.
     */
    public Optional<byte[]> receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remainingNanos = Math.max(0, deadline - System.nanoTime());
            int waitMillis = (int) Math.min(Integer.MAX_VALUE, (remainingNanos + 999_999) / 1_000_000);
            try {
                if (C.poll(pollIn(), new NativeLong(1), waitMillis) > 0) {
                    byte[] buffer = new byte[MAX_DATAGRAM];
                    int length = C.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
                    return Optional.of(Arrays.copyOf(buffer, length));
                }
                if (waitMillis == 0) {
                    return Optional.empty();
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != UnixDatagram.EINTR) {
                    throw failure("receive on " + description, e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }

    private byte[] pollIn() {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .putInt(fd).putShort(UnixDatagram.POLLIN).putShort((short) 0).array();
    }

    private static int newSocket() throws IOException {
        try {
            return C.socket(UnixDatagram.AF_UNIX, UnixDatagram.SOCK_DGRAM | UnixDatagram.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure("socket(AF_UNIX, SOCK_DGRAM)", e);
        }
    }

    private static IOException failure(String call, LastErrorException e) {
        return new IOException(call + ": " + C.strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")");
    }
}
