package io.dynod.router.errors;

import java.nio.charset.StandardCharsets;

/**
 * The router's errors with Heroku's codes, statuses and descriptions
 * (heroku-runtime.md §3.9), each with a small pre-rendered HTML page.
 */
public enum HerokuError {
    NO_SUCH_APP("", 404, "No such app", "There is no app configured at that hostname."),
    H10("H10", 503, "App crashed", "The application crashed."),
    H11("H11", 503, "Backlog too deep", "The application is receiving more requests than it can handle."),
    H12("H12", 503, "Request timeout", "The application did not respond in time."),
    H13("H13", 503, "Connection closed without response", "The application closed the connection without responding."),
    H14("H14", 503, "No web processes running", "The application has no web dynos running."),
    H15("H15", 503, "Idle connection", "The application stopped sending data."),
    H18("H18", 503, "Server Request Interrupted", "The application interrupted the response."),
    H19("H19", 503, "Backend connection timeout", "The application could not be reached in time."),
    H20("H20", 503, "App boot timeout", "The application did not start in time."),
    H21("H21", 503, "Backend connection refused", "The application refused the connection."),
    H25("H25", 502, "HTTP Restriction", "The application sent a response the router cannot forward."),
    /** A request that breaks the limits or the framing rules (Heroku: 400 with H25/H26 in the log). */
    BAD_REQUEST("H26", 400, "Request Error", "The request was malformed or too large."),
    H27("H27", 499, "Client Request Interrupted", "The client closed the connection."),
    H28("H28", 499, "Client Connection Idle", "The client stopped sending data."),
    H99("H99", 503, "Platform error", "The router could not find a dyno to serve the request."),
    /** dynod's own: too many requests already wait for this app to wake. */
    HOLD_QUEUE_FULL("D11", 503, "Cold-start queue full", "Too many requests are waiting for the application to start."),
    /** dynod's own: a browser got the "waking up" page of an app that opted in to it. */
    WAKING_PAGE("D20", 503, "Waking page served", "The application is starting.", WakingPage.HTML);

    private final String code;
    private final int status;
    private final String description;
    private final byte[] page;

    HerokuError(String code, int status, String description, String explanation) {
        this(code, status, description, explanation, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
                + (code.isEmpty() ? description : "Application error (" + code + ")")
                + "</title></head>\n<body><h1>" + description + "</h1><p>" + explanation + "</p></body></html>\n");
    }

    HerokuError(String code, int status, String description, String explanation, String page) {
        this.code = code;
        this.status = status;
        this.description = description;
        this.page = page.getBytes(StandardCharsets.UTF_8);
    }

    /** Heroku's code, such as {@code H12}; empty for a plain 404. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String description() {
        return description;
    }

    /** The HTML page; callers must not modify the array. */
    public byte[] page() {
        return page;
    }

    /** Heroku logs client-side problems as warnings and everything else as errors. */
    public String severity() {
        return status == 499 ? "warning" : "error";
    }
}
