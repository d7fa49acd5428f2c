package io.dynod.supervisor.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Copies the shim ({@code dyno-shim.sh}, a resource) into the runtime dir, root-owned and 0700. */
final class ShimScript {
    static final String RESOURCE = "dyno-shim.sh";

    private ShimScript() {}

    static Path install(Path runtimeDir) {
        Path target = runtimeDir.resolve(RESOURCE);
        try (InputStream in = ShimScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the jar");
            }
            Files.createDirectories(runtimeDir);
            Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwx------"));
            Path temp = Files.createTempFile(runtimeDir, RESOURCE, ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
            return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the dyno shim into " + runtimeDir, e);
        }
    }
}
