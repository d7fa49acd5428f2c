package io.dynod.supervisor.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The libc calls behind an AF_UNIX datagram socket. Java 17's NIO only has unix <em>stream</em>
 * sockets (JEP 380), and the sd_notify protocol is datagrams. Every call throws
 * {@link LastErrorException} (carrying errno) instead of returning -1.
 * Used only through {@link UnixDatagramSocket}.
 */
interface UnixDatagram extends Library {
    UnixDatagram INSTANCE = Native.load("c", UnixDatagram.class);

    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    /** 02000000 on x86-64 and arm64: no dyno or helper process inherits the socket. */
    int SOCK_CLOEXEC = 0x80000;
    /** sendto flag: fail with EAGAIN instead of blocking when the receiver's queue is full. */
    int MSG_DONTWAIT = 0x40;
    short POLLIN = 1;
    int EINTR = 4;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    /** poll(2) on an array of {@code struct pollfd {int fd; short events; short revents;}}. */
    int poll(byte[] pollfds, NativeLong count, int timeoutMillis) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String strerror(int errno);
}
