package io.dynod.supervisor.slug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Decides whether a symlink's target stays inside a tree. Resolves the target the way the kernel
 * would, component by component, following the symlinks already in the tree: a purely textual
 * check would pass {@code a -> .} plus {@code b -> a/../etc}, which escapes through {@code a}.
 */
final class TreeLinks {

    /** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS). */
    private static final int MAX_HOPS = 40;

    private TreeLinks() {
    }

    /**
     * @param root      the tree's root directory
     * @param linkDir   the directory holding the link, as components under {@code root}
     * @param target    the link's target as stored
     * @param entryName the entry, for the error message
     * @throws SlugException when the target is absolute or resolves above {@code root}
     */
    static void requireInside(Path root, List<String> linkDir, String target, String entryName)
            throws SlugException {
        if (target.isEmpty()) {
            throw SlugException.refused(entryName, "symlink has an empty target");
        }
        if (target.startsWith("/")) {
            throw SlugException.refused(entryName, "symlink target \"" + target + "\" is absolute");
        }
        Deque<String> resolved = new ArrayDeque<>(linkDir);
        Deque<String> pending = new ArrayDeque<>(split(target));
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (resolved.isEmpty()) {
                    throw SlugException.refused(entryName,
                            "symlink target \"" + target + "\" points outside the slug");
                }
                resolved.removeLast();
                continue;
            }
            resolved.addLast(part);
            Path current = under(root, resolved);
            if (Files.isSymbolicLink(current)) {
                if (++hops > MAX_HOPS) {
                    throw SlugException.refused(entryName,
                            "symlink target \"" + target + "\" goes through more than " + MAX_HOPS + " symlinks");
                }
                String next = readLink(current, entryName);
                if (next.startsWith("/")) {
                    throw SlugException.refused(entryName, "symlink target \"" + target
                            + "\" goes through an absolute symlink");
                }
                resolved.removeLast();
                List<String> nextParts = split(next);
                for (int i = nextParts.size() - 1; i >= 0; i--) {
                    pending.addFirst(nextParts.get(i));
                }
            }
        }
    }

    private static List<String> split(String target) {
        return new ArrayList<>(List.of(target.split("/")));
    }

    private static Path under(Path root, Deque<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }

    private static String readLink(Path link, String entryName) throws SlugException {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new SlugException("slug entry \"" + entryName + "\": cannot read symlink " + link, e);
        }
    }
}
