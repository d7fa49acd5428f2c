package io.dynod.supervisor.cgroup;

import java.util.regex.Pattern;

/** Names that can never collide with a kernel interface file ({@code cgroup.*}, {@code memory.*}, …). */
final class CgroupNames {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern LEAF = Pattern.compile("dyno-[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    private CgroupNames() {}

    static String checkPrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("cgroup prefix must match " + PREFIX + ": '" + prefix + "'");
        }
        return prefix;
    }

    static boolean isLeaf(String name) {
        return LEAF.matcher(name).matches() && !name.contains("..");
    }

    static String checkLeaf(String name) {
        if (!isLeaf(name)) {
            throw new IllegalArgumentException("cgroup leaf name must match " + LEAF + ": '" + name + "'");
        }
        return name;
    }
}
