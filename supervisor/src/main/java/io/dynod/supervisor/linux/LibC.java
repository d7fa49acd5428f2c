package io.dynod.supervisor.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls the JDK does not offer: signals to whole process groups, and the raw
 * syscalls (pidfd_open, eventfd) used to watch processes the agent is not the parent of.
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

    /** syscall(2), for calls without a libc wrapper such as pidfd_open. */
    long syscall(long number, Object... args);

    int close(int fd);
}
