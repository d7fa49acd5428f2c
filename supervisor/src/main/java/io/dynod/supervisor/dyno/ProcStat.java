package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few fields of {@code /proc/PID/stat} the plain runtime needs: the process group, the start
 * time (clock ticks since boot) that tells a process from a later one reusing its pid, and the cpu
 * time used by the process and its reaped children (utime + stime + cutime + cstime, clock ticks).
 */
record ProcStat(long pid, char state, long processGroup, long startTime, long cpuTicks) {

    static Optional<ProcStat> read(long pid) {
        return read(Path.of("/proc", Long.toString(pid)));
    }

    static Optional<ProcStat> read(Path procDir) {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            // after "pid (comm) " come: state(3) ppid(4) pgrp(5) ... utime(14) stime(15) cutime(16)
            // cstime(17) ... starttime(22)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
            long cpuTicks = 0;
            for (int field = 14; field <= 17; field++) {
                cpuTicks += Long.parseLong(fields[field - 3]);
            }
            return Optional.of(new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[5 - 3]),
                    Long.parseLong(fields[22 - 3]), cpuTicks));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not a process directory
        }
    }

    /** Whether {@code pid} is still the process that had {@code startTime} (a zombie has ended). */
    static boolean isRunning(long pid, long startTime) {
        return read(pid).map(s -> s.startTime() == startTime && s.state() != 'Z' && s.state() != 'X').orElse(false);
    }
}
