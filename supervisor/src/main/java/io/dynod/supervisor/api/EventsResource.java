package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.json.JsonCodec;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.Synced;
import io.dynod.supervisor.control.AgentEvents;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/events}: the current state, a {@code synced} line, then every change, as NDJSON,
 * with an empty keep-alive line every {@link #KEEP_ALIVE_MILLIS}. The subscription starts before the
 * snapshot is taken and its events are held back until the snapshot is written, so nothing falls
 * between the two (a change may show twice, which is harmless: events describe states).
 */
final class EventsResource {
    static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Apps apps;
    private final AgentEvents events;
    private final InstantSource clock;

    EventsResource(Apps apps, AgentEvents events, InstantSource clock) {
        this.apps = apps;
        this.events = events;
        this.clock = clock;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, ApiPaths.EVENTS, this::stream);
    }

    private void stream(Call call) {
        Context context = call.vertx.getOrCreateContext();
        HttpServerResponse response = call.response().setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.NDJSON);
        response.writeHead();
        List<Event> heldBack = new ArrayList<>();
        boolean[] synced = {false};
        Runnable unsubscribe = events.subscribe(event -> context.runOnContext(v -> {
            if (synced[0]) {
                write(response, event);
            } else {
                heldBack.add(event);
            }
        }));
        long keepAlive = call.vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> {
            if (!response.writeQueueFull()) {
                response.write("\n");
            }
        });
        call.request.connection().closeHandler(closed -> {
            unsubscribe.run();
            call.vertx.cancelTimer(keepAlive);
        });
        call.blocking(apps::snapshot).onSuccess(snapshot -> {
            snapshot.forEach(event -> write(response, event));
            write(response, new Synced(clock.instant()));
            synced[0] = true;
            heldBack.forEach(event -> write(response, event));
            heldBack.clear();
        }).onFailure(call::fail);
    }

    private static void write(HttpServerResponse response, Event event) {
        if (!response.ended() && !response.closed()) {
            response.write(Buffer.buffer(JsonCodec.encode(event)).appendString("\n"));
        }
    }
}
