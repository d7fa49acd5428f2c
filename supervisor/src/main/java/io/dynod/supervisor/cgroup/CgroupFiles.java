package io.dynod.supervisor.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** cgroupfs file access: every failure names the file. */
final class CgroupFiles {
    static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(5);

    private CgroupFiles() {}

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new CgroupException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static long readLong(Path file) {
        String value = read(file);
        return value.equals("max") ? Long.MAX_VALUE : Long.parseLong(value);
    }

    /** The value of {@code key} in a flat-keyed file ({@code key value} lines); 0 when absent. */
    static long keyed(Path file, String key) {
        for (String line : read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return Long.parseLong(parts[1]);
            }
        }
        return 0;
    }

    /** Like {@link #keyed(Path, String)}, but {@code ifGone} when the file (its cgroup) no longer exists. */
    static long keyedIfPresent(Path file, String key, long ifGone) {
        try {
            return keyed(file, key);
        } catch (CgroupException e) {
            // ENOENT, or ENODEV when the cgroup was removed while its file was open
            if (!Files.exists(file)) {
                return ifGone;
            }
            throw e;
        }
    }

    static Set<Long> pids(Path procsFile) {
        Set<Long> pids = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(procsFile)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        } catch (IOException e) {
            if (!Files.exists(procsFile)) {
                return Set.of(); // the cgroup is gone (ENOENT, or ENODEV while it was being removed)
            }
            throw new CgroupException("cannot read " + procsFile + ": " + e.getMessage(), e);
        }
        return pids;
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    /** rmdir, retried while the kernel still reports the cgroup busy (its last task is exiting). */
    static void rmdir(Path dir) {
        AtomicReference<IOException> last = new AtomicReference<>();
        boolean removed = Await.until(() -> {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (DirectoryNotEmptyException e) {
                last.set(e);
                return false;
            } catch (FileSystemException e) {
                last.set(e);
                return false;
            } catch (IOException e) {
                throw new CgroupException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
            }
        }, REMOVE_TIMEOUT);
        if (!removed) {
            throw new CgroupException("cannot remove cgroup " + dir + ": " + last.get().getMessage(), last.get());
        }
    }

    /** rmdir if nothing is left inside but kernel interface files; a busy or missing dir is left alone. */
    static void rmdirIfNoChildren(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.anyMatch(Files::isDirectory)) {
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CgroupException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Another launch is creating a leaf in it right now: keep it.
        }
    }

    /** The {@code dyno-*} leaf directories directly under {@code dir}; none when it does not exist. */
    static Set<String> leafNames(Path dir) {
        Set<String> names = new java.util.TreeSet<>();
        try (var entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(CgroupNames::isLeaf).forEach(names::add);
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new CgroupException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return names;
    }

    static boolean exists(Path file) {
        return Files.exists(file);
    }
}
