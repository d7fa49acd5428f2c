package io.dynod.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/** The tiny server-sent-events app of the test resources ({@code /sse}): a {@code data: tick N} event every 200 ms. */
final class SseApp {

    private SseApp() {}

    /** A copy of the app named {@code sse} under {@code dir}. */
    static Path copy(Path dir) throws Exception {
        return UpProcess.appCopy(Path.of(SseApp.class.getResource("/sse").toURI()), dir, "sse");
    }

    /** Reads events until {@code count} ticks arrived or the stream ended; answers how many arrived. */
    static int readTicks(BufferedReader events, int count) throws IOException {
        int ticks = 0;
        String line;
        while (ticks < count && (line = events.readLine()) != null) {
            if (line.startsWith("data: tick")) {
                ticks++;
            }
        }
        return ticks;
    }
}
