package io.dynod.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Turns the gateway's error answers and transport failures into {@link EtcdException}s. */
public final class GatewayErrors {

    private static final int SNIPPET = 200;

    private GatewayErrors() {
    }

    /** A non-200 answer: {@code {"error":"...","message":"...","code":N}} or plain text. */
    static EtcdException httpError(String op, String url, int status, Buffer body) {
        JsonObject json = parseOrNull(body);
        if (json != null && json.getValue("code") instanceof Number code) {
            return grpcError(op, url, code.intValue(), json.getString("message", json.getString("error", "")));
        }
        String text = op + " failed at " + url + ": HTTP " + status + " " + snippet(body.toString());
        if (status == 404) {
            return new EtcdException(text + " (is this an etcd of version 3.4 or later serving /v3/?)",
                    EtcdException.NO_CODE);
        }
        if (status == 502 || status == 503 || status == 504) {
            return new EtcdUnavailableException(text, EtcdException.NO_CODE);
        }
        return new EtcdException(text, EtcdException.NO_CODE);
    }

    /** An error inside a 200 stream: {@code {"error":{"grpc_code":N,"message":"..."}}}. */
    static EtcdException streamError(String op, String url, JsonObject answer) {
        Object error = answer.getValue("error");
        if (error instanceof JsonObject details) {
            return grpcError(op, url, details.getInteger("grpc_code", EtcdException.NO_CODE),
                    details.getString("message", details.encode()));
        }
        return new EtcdException(op + " at " + url + ": unexpected answer " + snippet(answer.encode()),
                EtcdException.NO_CODE);
    }

    static EtcdException grpcError(String op, String url, int code, String message) {
        String text = op + " failed at " + url + ": " + message + " (gRPC code " + code + ")";
        if (code == EtcdException.UNAVAILABLE || code == EtcdException.DEADLINE_EXCEEDED) {
            return new EtcdUnavailableException(text, code);
        }
        return new EtcdException(text, code);
    }

    static EtcdUnavailableException noMemberAnswered(String op, List<String> tried, Throwable last) {
        String why = last == null ? "" : ": " + describe(last);
        return new EtcdUnavailableException(op + ": no etcd member answered (tried " + String.join(", ", tried)
                + ")" + why, last);
    }

    static EtcdUnavailableException outcomeUnknown(String op, String url, Throwable cause) {
        return new EtcdUnavailableException(op + " at " + url + ": outcome unknown, the request may still be applied: "
                + describe(cause), cause);
    }

    /** True when etcd itself answered and refused: trying another member would not help. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof EtcdException && !(failure instanceof EtcdUnavailableException);
    }

    static JsonObject parseOrNull(Buffer body) {
        try {
            return body.length() == 0 ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    public static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String snippet(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "...";
    }
}
