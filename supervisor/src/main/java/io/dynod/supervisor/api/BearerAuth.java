package io.dynod.supervisor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The agent's one lock: {@code Authorization: Bearer TOKEN}, compared in constant time. */
final class BearerAuth {
    private static final String PREFIX = "Bearer ";
    private final byte[] token;

    BearerAuth(String token) {
        if (token == null || token.length() < 32) {
            throw new IllegalArgumentException("the API token must have at least 32 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean allows(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = authorizationHeader.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
