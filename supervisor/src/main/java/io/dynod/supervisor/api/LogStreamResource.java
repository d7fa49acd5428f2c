package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.client.LogQuery;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.supervisor.control.Apps;
import io.dynod.supervisor.logs.AppLog;
import io.dynod.supervisor.logs.LogEvent;
import io.dynod.supervisor.logs.LogFilter;
import io.dynod.supervisor.logs.LogLine;
import io.dynod.supervisor.logs.LogSource;
import io.dynod.supervisor.logs.LogSubscription;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/apps/{app}/log-stream?tail=&lines=&dyno=&source=}: the app's recent lines in
 * Heroku's format, and with {@code tail=true} every new one until the client goes away. A tail
 * is a bounded subscription drained by a timer: a slow client loses lines (L11), never the agent.
 */
final class LogStreamResource {
    private static final String LOG_STREAM = ApiPaths.APPS + "/{app}/log-stream";
    private static final int DEFAULT_LINES = 100;
    private static final int TAIL_BUFFER_LINES = 10_000;
    private static final long TAIL_POLL_MILLIS = 100;

    private final Apps apps;

    LogStreamResource(Apps apps) {
        this.apps = apps;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, LOG_STREAM, this::stream);
    }

    private void stream(Call call) {
        String app = call.app();
        call.allowQuery(Set.of("tail", "lines", "dyno", "source"));
        LogQuery query = query(call);
        AppLog log = apps.log(app);
        LogFilter filter = LogFilter.of(query.dyno(), query.source() == null ? null : LogSource.fromWord(query.source()));
        int lines = query.lines() == null ? DEFAULT_LINES : query.lines();
        HttpServerResponse response = call.response().setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.TEXT);
        if (!query.tail()) {
            response.end(text(log.recent(lines, filter)));
            return;
        }
        response.writeHead(); // a quiet tail is still an open stream: the client sees its headers at once
        LogSubscription tail = log.tail(filter, lines, TAIL_BUFFER_LINES);
        long timer = call.vertx.setPeriodic(0, TAIL_POLL_MILLIS, id -> drain(tail, response));
        call.request.connection().closeHandler(closed -> {
            call.vertx.cancelTimer(timer);
            tail.close();
        });
    }

    /** Writes what the subscription holds, unless the client is not keeping up (then it buffers, then loses). */
    private static void drain(LogSubscription tail, HttpServerResponse response) {
        StringBuilder out = new StringBuilder();
        Optional<LogEvent> event;
        while (!response.writeQueueFull() && (event = tail.poll()).isPresent()) {
            out.append(event.get() instanceof LogEvent.Line line ? line.line().toString()
                    : ((LogEvent.Lost) event.get()).message()).append('\n');
            if (out.length() > 64 * 1024) {
                response.write(out.toString());
                out.setLength(0);
            }
        }
        if (!out.isEmpty()) {
            response.write(out.toString());
        }
    }

    private static Buffer text(List<LogLine> lines) {
        StringBuilder out = new StringBuilder();
        lines.forEach(line -> out.append(line).append('\n'));
        return Buffer.buffer(out.toString());
    }

    private static LogQuery query(Call call) {
        String tail = call.request.getParam("tail");
        if (tail != null && !tail.equals("true") && !tail.equals("false")) {
            throw new InvalidInputException("tail \"" + tail + "\": must be true or false");
        }
        String lines = call.request.getParam("lines");
        Integer count = null;
        if (lines != null) {
            if (!lines.matches("[0-9]{1,9}")) {
                throw new InvalidInputException("lines \"" + lines + "\": must be a number from 0 to " + LogQuery.MAX_LINES);
            }
            count = Integer.parseInt(lines);
        }
        return new LogQuery("true".equals(tail), count, call.request.getParam("dyno"), call.request.getParam("source"));
    }
}
