package io.dynod.router.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released. Requires
 * PARANOID detection (set for every router test in the pom); after each test it collects garbage
 * and allocates a few buffers, which is when the detector reports what it found.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> leaks = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel())
                .as("router tests run with -Dio.netty.leakDetection.level=paranoid")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        leaks.start();
        detectorLogger().addAppender(leaks);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            for (int round = 0; round < 3; round++) {
                System.gc();
                for (int i = 0; i < 64; i++) {
                    ByteBuf a = ByteBufAllocator.DEFAULT.directBuffer(64);
                    ByteBuf b = ByteBufAllocator.DEFAULT.heapBuffer(64);
                    ByteBuf c = Unpooled.directBuffer(64);
                    a.release();
                    b.release();
                    c.release();
                }
            }
            List<String> reports = leaks.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK"))
                    .collect(Collectors.toList());
            assertThat(reports).as("Netty leak reports").isEmpty();
        } finally {
            detectorLogger().detachAppender(leaks);
            leaks.stop();
        }
    }

    private static Logger detectorLogger() {
        return (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    }
}
