package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.json.JsonCodec;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.RunOutput;
import io.dynod.supervisor.control.Apps;
import io.dynod.supervisor.dyno.OneOffDyno;
import io.dynod.supervisor.logs.LogPosition;
import io.dynod.supervisor.logs.LogTailer;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dynod run}: starts a one-off dyno and streams it back as NDJSON ({@code started},
 * {@code output} per line, {@code exited} with the status). Its output file is read by a thread
 * of its own (file reads stay off the event loop); writes go through the connection's context.
 * A client that goes away stops the dyno.
 */
final class OneOffStream {
    private static final Logger LOG = LoggerFactory.getLogger(OneOffStream.class);
    private static final long POLL_MILLIS = 50;

    private final Call call;
    private final Apps apps;
    private final Context context;
    private final AtomicBoolean finished = new AtomicBoolean();

    OneOffStream(Call call, Apps apps) {
        this.call = call;
        this.apps = apps;
        this.context = call.vertx.getOrCreateContext();
    }

    void start(String app, DynoCreate create) {
        call.blocking(() -> apps.run(app, create)).onSuccess(dyno -> {
            HttpServerResponse response = call.response().setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ApiPaths.NDJSON);
            write(RunOutput.started(dyno.name().toString()));
            call.request.connection().closeHandler(closed -> {
                if (!finished.get()) {
                    apps.stopOneOff(dyno);
                }
            });
            Thread pump = new Thread(() -> pump(dyno, response), "dynod-" + app + "-" + dyno.name());
            pump.setDaemon(true);
            pump.start();
        }).onFailure(call::fail);
    }

    private void pump(OneOffDyno dyno, HttpServerResponse response) {
        try (LogTailer tailer = new LogTailer(dyno.logFile(), LogPosition.START)) {
            boolean exited;
            do {
                exited = awaitExit(dyno);
                List<String> lines = new ArrayList<>();
                tailer.poll(lines::add);
                lines.forEach(line -> context.runOnContext(v -> write(RunOutput.output(line))));
            } while (!exited);
            int status = dyno.handle().exit().join();
            finished.set(true);
            context.runOnContext(v -> {
                write(RunOutput.exited(status));
                if (!response.ended()) {
                    response.end();
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.error("streaming one-off {} of {}", dyno.name(), dyno.app(), e);
            context.runOnContext(v -> call.request.connection().close());
        } finally {
            deleteQuietly(dyno);
        }
    }

    private static boolean awaitExit(OneOffDyno dyno) {
        try {
            dyno.handle().exit().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            return true;
        }
    }

    private void write(RunOutput item) {
        HttpServerResponse response = call.response();
        if (!response.ended() && !response.closed()) {
            response.write(Buffer.buffer(JsonCodec.encode(item)).appendString("\n"));
        }
    }

    private static void deleteQuietly(OneOffDyno dyno) {
        try {
            Files.deleteIfExists(dyno.logFile());
            Files.deleteIfExists(dyno.exitStatusFile());
        } catch (IOException e) {
            LOG.warn("removing files of one-off {}: {}", dyno.name(), e.toString());
        }
    }
}
