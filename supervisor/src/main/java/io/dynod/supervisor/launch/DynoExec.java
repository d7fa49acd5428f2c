package io.dynod.supervisor.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dyno-exec} (built from {@code src/main/c} into the jar when gcc was there), installed into
 * the private runtime dir under a name carrying its SHA-256, so a file of that name with other
 * content is replaced, never trusted. Empty when the jar has none or it does not run on this host
 * (another architecture or libc): isolated dynos then use the shell chain.
 */
final class DynoExec {
    static final String RESOURCE = "dyno-exec";
    private static final Logger LOG = LoggerFactory.getLogger(DynoExec.class);
    private static final String VERSION = "dyno-exec 1";

    private DynoExec() {}

    /** Installs into {@code runtimeDir} (which must exist, root-owned and private) and checks it runs. */
    static Optional<Path> install(Path runtimeDir) {
        try (InputStream in = DynoExec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.warn("this build has no dyno-exec (gcc was missing when it was built)");
                return Optional.empty();
            }
            byte[] binary = in.readAllBytes();
            String hash = sha256(binary);
            Path target = runtimeDir.resolve(RESOURCE + "-" + hash.substring(0, 16));
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !sha256(Files.readAllBytes(target)).equals(hash)) {
                Path temp = Files.createTempFile(runtimeDir, RESOURCE, ".tmp");
                Files.write(temp, binary);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            removeOthers(runtimeDir, target);
            return runs(target) ? Optional.of(target) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot install dyno-exec into {}: {}", runtimeDir, e.toString());
            return Optional.empty();
        }
    }

    /** Earlier versions' binaries (dynos still running them keep their open inode). */
    private static void removeOthers(Path runtimeDir, Path current) throws IOException {
        try (Stream<Path> files = Files.list(runtimeDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(RESOURCE + "-[0-9a-f]{16}"))
                    .filter(f -> !f.equals(current)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static boolean runs(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("{} --version did not end within 10 s", binary);
                return false;
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() == 0 && out.equals(VERSION)) {
                return true;
            }
            LOG.warn("{} does not run on this host (exit {}): {}", binary, process.exitValue(), out);
        } catch (IOException e) {
            LOG.warn("{} does not run on this host: {}", binary, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
