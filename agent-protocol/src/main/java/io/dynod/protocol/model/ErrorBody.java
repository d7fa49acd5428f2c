package io.dynod.protocol.model;

/** Every error response of the agent: {@code {"id":"bad_request","message":"..."}}, as Heroku's API. */
public record ErrorBody(String id, String message) {

    public static final String BAD_REQUEST = "bad_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String NOT_FOUND = "not_found";
    public static final String CONFLICT = "conflict";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String INTERNAL_ERROR = "internal_error";

    public ErrorBody {
        Names.required("id", id);
        Names.required("message", message);
    }
}
