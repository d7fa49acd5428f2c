package io.dynod.supervisor.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls the JDK does not offer: signals to whole process groups, the raw syscalls
 * without a libc wrapper (pidfd_open, the new mount API), and unmounting.
 * Every call returns -1 on failure; read {@link Native#getLastError()} for errno.
 */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int SIGKILL = 9;
    int SIGTERM = 15;
    int SIGCONT = 18;
    int ESRCH = 3;

    /** kill(2): a negative pid signals the whole process group {@code -pid}. */
    int kill(int pid, int signal);

    int getpid();

    int geteuid();

    int getpgid(int pid);

    /** sysconf(3) name for clock ticks per second ({@code USER_HZ}, the unit of {@code /proc/PID/stat} times). */
    int SC_CLK_TCK = 2;

    long sysconf(int name);

    /** syscall(2), for calls without a libc wrapper such as pidfd_open. */
    long syscall(long number, Object... args);

    int close(int fd);

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int MNT_DETACH = 2;

    int open(String path, int flags);

    short POLLIN = 0x1;

    /** poll(2) on an array of {@code struct pollfd {int fd; short events; short revents;}} (8 bytes each). */
    int poll(byte[] pollfds, com.sun.jna.NativeLong count, int timeoutMillis);

    /** umount2(2); {@link #MNT_DETACH} detaches lazily. */
    int umount2(String target, int flags);
}
