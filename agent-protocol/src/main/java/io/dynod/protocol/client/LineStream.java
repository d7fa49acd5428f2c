package io.dynod.protocol.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A chunked response read line by line (NDJSON or text), each line decoded and handed to the
 * subscriber on the event loop. Empty lines are keep-alives and skipped, as are lines that
 * decode to null (event types this client does not know).
 */
final class LineStream<T> implements Subscription {

    /** Log lines are split at 10,000 bytes by the agent; anything far longer is not a line of ours. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private final RequestOptions call;
    private final AgentFailures failures;
    private final Function<String, T> decodeLine;
    private final Consumer<T> onItem;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile HttpClientRequest request;
    private volatile boolean cancelled;

    LineStream(RequestOptions call, AgentFailures failures, Function<String, T> decodeLine, Consumer<T> onItem) {
        this.call = call;
        this.failures = failures;
        this.decodeLine = decodeLine;
        this.onItem = onItem;
    }

    void attach(HttpClientRequest request) {
        this.request = request;
        if (cancelled) {
            request.reset();
        }
    }

    void consume(HttpClientResponse response) {
        if (cancelled) {
            return;
        }
        RecordParser lines = RecordParser.newDelimited("\n", response).maxRecordSize(MAX_LINE_BYTES);
        lines.exceptionHandler(failure -> fail(failures.fromTransport(call, failure)));
        lines.endHandler(end -> done.complete(null));
        lines.handler(this::deliver);
    }

    void fail(Throwable failure) {
        done.completeExceptionally(failure);
        closeConnection();
    }

    @Override
    public void cancel() {
        cancelled = true;
        done.complete(null);
        closeConnection();
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    private void deliver(Buffer record) {
        if (cancelled || done.isDone()) {
            return;
        }
        String line = record.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return;
        }
        T item;
        try {
            item = decodeLine.apply(line);
        } catch (IllegalArgumentException unreadable) {
            fail(failures.unreadable(call, unreadable));
            return;
        }
        if (item == null) {
            return;
        }
        try {
            onItem.accept(item);
        } catch (RuntimeException subscriberFailure) {
            fail(subscriberFailure);
        }
    }

    private void closeConnection() {
        HttpClientRequest current = request;
        if (current != null) {
            current.reset();
        }
    }
}
