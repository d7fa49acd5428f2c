package io.dynod.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The agent's bearer token: created once at first start in {@code $DYNOD_HOME/agent.token} with
 * mode 0600 (never readable by others, not even for a moment), and checked in constant time.
 */
public final class AgentToken {

    private static final String BEARER = "Bearer ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentToken() {}

    /** The token in {@code home}'s token file, creating the file with a fresh random token if absent. */
    public static String loadOrCreate(Path home) throws IOException {
        Files.createDirectories(home);
        Path file = DynodHome.tokenFile(home);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            String token = fresh();
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            return token;
        } catch (FileAlreadyExistsException existing) {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IOException("token file " + file + " is empty: remove it to get a new token");
            }
            return token;
        }
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether an {@code Authorization} header carries {@code token}; the comparison takes the same time wherever they differ. */
    public static boolean authorizes(String token, String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = authorizationHeader.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given);
    }
}
