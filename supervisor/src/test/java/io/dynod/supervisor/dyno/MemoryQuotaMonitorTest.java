package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryQuotaMonitorTest {
    private static final long MIB = 1024 * 1024;
    private static final long QUOTA = 512 * MIB;
    private static final Instant T0 = Instant.parse("2026-11-26T11:00:00Z");

    private final MemoryQuotaMonitor monitor = new MemoryQuotaMonitor(QUOTA, Duration.ofSeconds(20), 0);

    @Test
    void underQuotaIsQuiet() {
        assertThat(monitor.sample(new MemorySample(T0, QUOTA, 0))).isEmpty();
    }

    @Test
    void overQuotaLogsR14WithHerokusMemoryLine() {
        assertThat(monitor.sample(new MemorySample(T0, 529 * MIB, 0))).containsExactly(
                "Process running mem=529MB(103.3%)", "Error R14 (Memory quota exceeded)");
    }

    @Test
    void r14IsRateLimitedWhileUsageStaysHigh() {
        assertThat(monitor.sample(new MemorySample(T0, 600 * MIB, 0))).hasSize(2);
        assertThat(monitor.sample(new MemorySample(T0.plusSeconds(5), 600 * MIB, 0))).isEmpty();
        assertThat(monitor.sample(new MemorySample(T0.plusSeconds(19), 700 * MIB, 0))).isEmpty();
        assertThat(monitor.sample(new MemorySample(T0.plusSeconds(20), 700 * MIB, 0)))
                .containsExactly("Process running mem=700MB(136.7%)", "Error R14 (Memory quota exceeded)");
    }

    @Test
    void droppingBelowQuotaReArmsR14() {
        monitor.sample(new MemorySample(T0, 600 * MIB, 0));
        monitor.sample(new MemorySample(T0.plusSeconds(1), 100 * MIB, 0));
        assertThat(monitor.sample(new MemorySample(T0.plusSeconds(2), 600 * MIB, 0))).hasSize(2);
    }

    @Test
    void risingOomKillCountLogsR15OncePerKill() {
        assertThat(monitor.sample(new MemorySample(T0, 1024 * MIB, 1))).containsExactly(
                "Process running mem=1024MB(200.0%)", "Error R15 (Memory quota vastly exceeded)");
        assertThat(monitor.sample(new MemorySample(T0.plusSeconds(1), 10 * MIB, 1))).isEmpty();
        assertThat(monitor.sample(new MemorySample(T0.plusSeconds(2), 10 * MIB, 3))).contains("Error R15 (Memory quota vastly exceeded)");
    }

    @Test
    void killsBeforeMonitoringBeganAreNotReportedAgain() {
        MemoryQuotaMonitor readopted = new MemoryQuotaMonitor(QUOTA, Duration.ofSeconds(20), 2);
        assertThat(readopted.sample(new MemorySample(T0, 10 * MIB, 2))).isEmpty();
        assertThat(readopted.sample(new MemorySample(T0, 10 * MIB, 3))).hasSize(2);
    }
}
