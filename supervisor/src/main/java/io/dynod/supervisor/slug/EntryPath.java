package io.dynod.supervisor.slug;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry's name as a list of plain components relative to the extraction root: no empty,
 * {@code .} or {@code ..} components, never absolute. Refuses what cannot be made so.
 */
record EntryPath(List<String> parts) {

    EntryPath {
        parts = List.copyOf(parts);
    }

    /**
     * @param name      the name to check (an entry's name or a hardlink's target)
     * @param entryName the entry it belongs to, for the error message
     * @param role      what {@code name} is, for the error message: "path" or "hardlink target"
     */
    static EntryPath parse(String name, String entryName, String role) throws SlugException {
        if (name.indexOf('\0') >= 0) {
            throw SlugException.refused(entryName, role + " contains a NUL byte");
        }
        if (name.startsWith("/")) {
            throw SlugException.refused(entryName, role + " \"" + name + "\" is absolute");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw SlugException.refused(entryName, role + " \"" + name + "\" contains \"..\"");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return new EntryPath(parts);
    }

    boolean isRoot() {
        return parts.isEmpty();
    }

    String first() {
        return parts.get(0);
    }

    Path under(Path root) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }

    /** The directory holding this entry, as components. */
    List<String> parentParts() {
        return parts.subList(0, parts.size() - 1);
    }

    /** The same entry seen from a root one level down (used to drop Heroku's {@code app/}). */
    EntryPath withoutFirst() {
        return new EntryPath(parts.subList(1, parts.size()));
    }

    @Override
    public String toString() {
        return String.join("/", parts);
    }
}
