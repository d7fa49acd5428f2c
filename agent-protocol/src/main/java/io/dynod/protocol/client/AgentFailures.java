package io.dynod.protocol.client;

import io.dynod.protocol.AgentEndpoint;
import io.dynod.protocol.json.JsonCodec;
import io.dynod.protocol.model.ErrorBody;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns what can go wrong in a call into an {@link AgentException} with one clear line. */
final class AgentFailures {

    private final AgentEndpoint endpoint;
    private final AgentClient.Timeouts timeouts;

    AgentFailures(AgentEndpoint endpoint, AgentClient.Timeouts timeouts) {
        this.endpoint = endpoint;
        this.timeouts = timeouts;
    }

    /** A non-2xx answer: the agent's {@code {"id","message"}} when it sent one. */
    AgentException fromResponse(RequestOptions call, HttpClientResponse response, Buffer body) {
        int status = response.statusCode();
        ErrorBody error = errorBodyIn(body);
        String id = error != null ? error.id() : "http_" + status;
        String message = error != null
                ? error.message()
                : "agent at " + endpoint.base() + " answered " + describe(call) + " with " + status + " "
                        + response.statusMessage();
        if (status == 401) {
            message = message + " (" + endpoint.tokenHint() + ")";
        }
        return new AgentException(status, id, message);
    }

    /** No usable answer: refused, timed out, unknown host, connection broken. */
    AgentException fromTransport(RequestOptions call, Throwable failure) {
        if (failure instanceof AgentException already) {
            return already;
        }
        if (failure instanceof ConnectTimeoutException) {
            return new AgentException(0, AgentException.TIMEOUT, "cannot connect to the agent at " + endpoint.base()
                    + ": no answer within " + seconds(timeouts.connect()), failure);
        }
        if (failure instanceof TimeoutException) {
            return new AgentException(0, AgentException.TIMEOUT, "agent at " + endpoint.base() + " did not answer "
                    + describe(call) + " within " + seconds(timeouts.idle()), failure);
        }
        if (failure instanceof ConnectException) {
            String reason = String.valueOf(failure.getMessage()).toLowerCase().contains("refused")
                    ? "connection refused (is the agent running?)"
                    : failure.getMessage();
            return new AgentException(0, AgentException.UNREACHABLE,
                    "cannot connect to the agent at " + endpoint.base() + ": " + reason, failure);
        }
        if (failure instanceof UnknownHostException) {
            return new AgentException(0, AgentException.UNREACHABLE,
                    "cannot connect to the agent at " + endpoint.base() + ": unknown host", failure);
        }
        return new AgentException(0, AgentException.UNREACHABLE, "connection to the agent at " + endpoint.base()
                + " failed during " + describe(call) + ": " + failure.getMessage(), failure);
    }

    /** A 2xx answer this client cannot read. */
    AgentException unreadable(RequestOptions call, Exception problem) {
        return new AgentException(0, AgentException.BAD_RESPONSE, "agent at " + endpoint.base()
                + " answered " + describe(call) + " with something unreadable: " + problem.getMessage(), problem);
    }

    private static ErrorBody errorBodyIn(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return JsonCodec.decodeResponse(body.toString(), ErrorBody.class, "error");
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static String describe(RequestOptions call) {
        return call.getMethod() + " " + call.getURI();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
