package io.dynod.protocol;

import io.dynod.protocol.model.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which agent a client talks to and with which token, resolved as PRODUCT.md §2 says: the URL
 * from {@code --agent}, else {@code DYNOD_AGENT_URL}, else {@code http://127.0.0.1:5005}; the
 * token from {@code DYNOD_TOKEN}, else the token file {@code $DYNOD_HOME/agent.token} when
 * readable, else none. {@code tokenOrigin} says where the token came from, for error messages.
 */
public record AgentEndpoint(URI url, String token, String tokenOrigin) {

    public static final String DEFAULT_URL = "http://127.0.0.1:5005";
    public static final String URL_ENV = "DYNOD_AGENT_URL";
    public static final String TOKEN_ENV = "DYNOD_TOKEN";

    public AgentEndpoint {
        requireHttpUrl(url);
    }

    public static AgentEndpoint of(String url, String token) {
        return new AgentEndpoint(parseUrl("agent URL", url), token, token == null ? null : "the caller");
    }

    /** Resolves from this process's environment; {@code agentFlag} is {@code --agent} or null. */
    public static AgentEndpoint resolve(String agentFlag) {
        return resolve(agentFlag, System.getenv(), DynodHome.current());
    }

    public static AgentEndpoint resolve(String agentFlag, Map<String, String> env, Path dynodHome) {
        URI url;
        if (agentFlag != null) {
            url = parseUrl("--agent", agentFlag);
        } else if (present(env.get(URL_ENV))) {
            url = parseUrl(URL_ENV, env.get(URL_ENV));
        } else {
            url = URI.create(DEFAULT_URL);
        }
        if (present(env.get(TOKEN_ENV))) {
            return new AgentEndpoint(url, env.get(TOKEN_ENV).strip(), TOKEN_ENV);
        }
        Path tokenFile = DynodHome.tokenFile(dynodHome);
        if (Files.isReadable(tokenFile)) {
            try {
                String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (!token.isEmpty()) {
                    return new AgentEndpoint(url, token, tokenFile.toString());
                }
            } catch (IOException e) {
                // Unreadable after all: go on without a token; the agent's 401 says what to do.
            }
        }
        return new AgentEndpoint(url, null, null);
    }

    /** What to tell a user whose call came back 401. */
    public String tokenHint() {
        if (token == null) {
            return "no token: set " + TOKEN_ENV + " or make $" + DynodHome.ENV + "/" + DynodHome.TOKEN_FILE
                    + " readable";
        }
        return "the agent refused the token from " + tokenOrigin;
    }

    /** The URL without a trailing slash, for messages and to prefix paths. */
    public String base() {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static URI parseUrl(String origin, String text) {
        try {
            URI url = new URI(text.strip());
            requireHttpUrl(url);
            return url;
        } catch (URISyntaxException | InvalidInputException e) {
            throw new InvalidInputException(origin + " \"" + text + "\": must be an agent URL like " + DEFAULT_URL);
        }
    }

    private static void requireHttpUrl(URI url) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null || url.getQuery() != null || url.getFragment() != null) {
            throw new InvalidInputException("agent URL \"" + url + "\": must be like " + DEFAULT_URL);
        }
    }
}
