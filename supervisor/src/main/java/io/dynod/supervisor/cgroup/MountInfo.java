package io.dynod.supervisor.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The mount table of one process, parsed from {@code /proc/<pid>/mountinfo} (proc(5)). */
public record MountInfo(List<Mount> mounts) {

    private static final Set<String> NOT_CONTROLLERS =
            Set.of("rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "favordynmods");

    /** One line: where it is mounted, its per-mount options, filesystem type and super options. */
    public record Mount(String mountPoint, String root, Set<String> options, String fsType, Set<String> superOptions) {

        public boolean readOnly() {
            return options.contains("ro");
        }
    }

    public MountInfo {
        mounts = List.copyOf(mounts);
    }

    public static MountInfo ofSelf() {
        return read(Path.of("/proc/self/mountinfo"));
    }

    public static MountInfo read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses mountinfo text; a malformed line is an error naming its line number. */
    public static MountInfo parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                mounts.add(parseLine(lines[i], i + 1));
            }
        }
        return new MountInfo(mounts);
    }

    private static Mount parseLine(String line, int number) {
        String[] fields = line.trim().split(" ");
        int separator = Arrays.asList(fields).indexOf("-");
        if (separator < 6 || fields.length < separator + 4) {
            throw new IllegalArgumentException("mountinfo line " + number + " is malformed: " + line);
        }
        return new Mount(unescape(fields[4]), unescape(fields[3]), Set.of(fields[5].split(",")), fields[separator + 1],
                Set.of(fields[separator + 3].split(",")));
    }

    /** The kernel writes space, tab, newline and backslash as three-digit octal escapes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The cgroup2 mount point: {@code /sys/fs/cgroup} on a v2 host, {@code .../unified} on a hybrid one. */
    public Optional<Path> cgroup2() {
        return mounts.stream().filter(m -> m.fsType().equals("cgroup2")).findFirst()
                .map(m -> Path.of(m.mountPoint()));
    }

    /** v1 controller name → mount point of its hierarchy (co-mounted controllers share one). */
    public Map<String, Path> cgroupV1Controllers() {
        Map<String, Path> controllers = new LinkedHashMap<>();
        for (Mount m : mounts) {
            if (m.fsType().equals("cgroup")) {
                for (String option : m.superOptions()) {
                    if (!NOT_CONTROLLERS.contains(option) && !option.contains("=")) {
                        controllers.putIfAbsent(option, Path.of(m.mountPoint()));
                    }
                }
            }
        }
        return controllers;
    }

    public List<String> mountPoints() {
        return mounts.stream().map(Mount::mountPoint).toList();
    }
}
