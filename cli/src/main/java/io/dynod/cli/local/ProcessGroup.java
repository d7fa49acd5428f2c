package io.dynod.cli.local;

import com.sun.jna.Native;
import io.dynod.supervisor.linux.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The process group of one launched command. The command runs as {@code setsid sh -c ...}: the
 * JVM's child is never a group leader, so setsid execs in place and the child's pid is the new
 * group's id. The group counts as empty when no member is alive; zombies are not alive (they may
 * linger when PID 1 does not reap orphans).
 */
final class ProcessGroup {

    private final String name;
    private final Process leader;

    ProcessGroup(String name, Process leader) {
        this.name = name;
        this.leader = leader;
    }

    /** The process instance it runs, e.g. {@code web.1}. */
    String name() {
        return name;
    }

    int pgid() {
        return (int) leader.pid();
    }

    Process leader() {
        return leader;
    }

    /** Sends {@code signal} to the whole group. */
    void signal(int signal) {
        if (LibC.INSTANCE.kill(-pgid(), signal) != 0 && Native.getLastError() == LibC.ESRCH && leader.isAlive()) {
            // The child has not reached setsid yet, so its group does not exist: signal it alone.
            LibC.INSTANCE.kill(pgid(), signal);
        }
    }

    boolean isEmpty() {
        if (leader.isAlive()) {
            return false;
        }
        if (LibC.INSTANCE.kill(-pgid(), 0) != 0 && Native.getLastError() == LibC.ESRCH) {
            return true;
        }
        return livingMembers(pgid()).isEmpty();
    }

    /** Pids of the non-zombie processes in group {@code pgid}, read from /proc. */
    static List<Long> livingMembers(int pgid) {
        List<Long> members = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .forEach(pid -> {
                        ProcStat stat = ProcStat.read(Long.parseLong(pid));
                        if (stat != null && stat.pgrp() == pgid && stat.alive()) {
                            members.add(stat.pid());
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return members;
    }

    /** The fields of /proc/PID/stat this class needs. */
    record ProcStat(long pid, char state, int pgrp) {
        boolean alive() {
            return state != 'Z' && state != 'X';
        }

        /** Null when the process is gone. */
        static ProcStat read(long pid) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (IOException e) {
                return null; // gone, possibly between listing /proc and reading it
            }
            // The command name may hold spaces and ')'; the fields we want follow its last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new ProcStat(pid, fields[0].charAt(0), Integer.parseInt(fields[2]));
        }
    }
}
