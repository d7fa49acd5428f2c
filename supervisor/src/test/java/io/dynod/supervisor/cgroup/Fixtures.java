package io.dynod.supervisor.cgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** mountinfo fixtures of real v1, v2 and hybrid hosts, and fake cgroupfs trees in temp dirs. */
final class Fixtures {
    private Fixtures() {}

    static String mountinfo(String flavour) {
        try (InputStream in = Fixtures.class.getResourceAsStream("mountinfo-" + flavour + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with its cgroup mounts moved under {@code root}. */
    static MountInfo mountinfoUnder(String flavour, Path root) {
        return MountInfo.parse(mountinfo(flavour).replace("/sys/fs/cgroup", root.toString()));
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cgroup2 root as the kernel shows it before anything is enabled. */
    static Path fakeCgroup2(Path root, String controllers) {
        write(root.resolve("cgroup.controllers"), controllers);
        write(root.resolve("cgroup.subtree_control"), "");
        return root;
    }
}
