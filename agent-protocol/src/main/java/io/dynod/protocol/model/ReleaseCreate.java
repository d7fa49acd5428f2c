package io.dynod.protocol.model;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of {@code POST /v1/apps/{app}/releases}: a slug given by an absolute path on the
 * agent's host, or by an http(s) URL, or (neither) by the sha256 of a slug the agent already has;
 * {@code sha256} is checked against the slug when given. {@code configVars} null keeps the current
 * release's vars; {@code processTypes} null takes them from the slug's Procfile.
 */
public record ReleaseCreate(
        String slugPath,
        String slugUrl,
        String sha256,
        Map<String, String> configVars,
        Map<String, String> processTypes,
        String description) {

    public ReleaseCreate {
        if (slugPath != null && slugUrl != null) {
            throw new InvalidInputException("give slug_path or slug_url, not both");
        }
        if (slugPath == null && slugUrl == null && sha256 == null) {
            throw new InvalidInputException("a slug is required: slug_path, slug_url or sha256");
        }
        if (slugPath != null && !slugPath.startsWith("/")) {
            throw new InvalidInputException("slug_path \"" + slugPath + "\": must be an absolute path");
        }
        if (slugUrl != null) {
            checkHttpUrl(slugUrl);
        }
        if (sha256 != null) {
            Names.sha256(sha256);
        }
        configVars = ConfigVars.checked(configVars);
        processTypes = checkedProcessTypes(processTypes);
    }

    public static ReleaseCreate fromPath(String slugPath, String sha256) {
        return new ReleaseCreate(slugPath, null, sha256, null, null, null);
    }

    static Map<String, String> checkedProcessTypes(Map<String, String> processTypes) {
        if (processTypes == null) {
            return null;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        processTypes.forEach((type, command) -> {
            Names.processType(type);
            if (command == null || command.isBlank()) {
                throw new InvalidInputException("process type \"" + type + "\": command is empty");
            }
            copy.put(type, command);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static void checkHttpUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("slug_url \"" + url + "\": not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidInputException("slug_url \"" + url + "\": must be an http or https URL");
        }
    }
}
