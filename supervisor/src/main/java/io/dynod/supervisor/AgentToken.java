package io.dynod.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The API's bearer token: {@code $DYNOD_HOME/agent.token}, 32 random bytes from a
 * {@link SecureRandom} as hex, created at first start with mode 0600 (created so, never chmod'ed
 * after, so it is never readable by others even for an instant), then reused.
 */
public final class AgentToken {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AgentToken() {
    }

    public static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                return create(file);
            } catch (FileAlreadyExistsException e) {
                // another agent on this home created it first: read theirs
            }
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!token.matches("[0-9a-f]{64}")) {
            throw new IOException("token file " + file + " is damaged (expected 64 hex digits); remove it to make a new one");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(mode)) {
            throw new IOException("token file " + file + " has mode " + PosixFilePermissions.toString(mode)
                    + ", expected rw------- : run chmod 600 " + file);
        }
        return token;
    }

    private static String create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY); // the umask may have taken bits away, never added them
        return token;
    }
}
