package io.dynod.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Independent view of the process table through {@code ps}, to check what is left running. */
public final class ProcTable {

    private ProcTable() {}

    /** Pids of live (non-zombie) processes in process group {@code pgid}. */
    public static List<Long> liveMembersOfGroup(long pgid) {
        List<Long> pids = new ArrayList<>();
        for (String line : ps("pid=,pgid=,stat=")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && Long.parseLong(f[1]) == pgid && !f[2].startsWith("Z")) {
                pids.add(Long.parseLong(f[0]));
            }
        }
        return pids;
    }

    /** Whether {@code pid} is a live (non-zombie) process. */
    public static boolean isLive(long pid) {
        for (String line : ps("pid=,stat=")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && Long.parseLong(f[0]) == pid) {
                return !f[1].startsWith("Z");
            }
        }
        return false;
    }

    /** {@code [pid, pgid, sid]} of a live process, from ps. */
    public static long[] ids(long pid) {
        for (String line : ps("pid=,pgid=,sid=")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && Long.parseLong(f[0]) == pid) {
                return new long[] {pid, Long.parseLong(f[1]), Long.parseLong(f[2])};
            }
        }
        throw new AssertionError("no process " + pid);
    }

    private static List<String> ps(String format) {
        try {
            Process ps = new ProcessBuilder("ps", "-e", "-o", format).redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ps.waitFor(10, TimeUnit.SECONDS) || ps.exitValue() != 0) {
                throw new AssertionError("ps failed: " + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
