package io.dynod.supervisor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DynoMetricsTest {

    @Test
    void histogramsAccumulateAcrossSnapshots() {
        DynoMetrics metrics = new DynoMetrics();
        metrics.booted(Duration.ofMillis(100));
        assertThat(metrics.bootTimes().getTotalCount()).isEqualTo(1);
        metrics.booted(Duration.ofMillis(300));
        assertThat(metrics.bootTimes().getTotalCount()).isEqualTo(2);
        assertThat(metrics.bootTimes().getMaxValue()).isBetween(299_000_000L, 301_000_000L);
        assertThat(metrics.launchTimes().getTotalCount()).isZero();
    }

    @Test
    void prometheusTextHasSummariesAndPerDynoSeries() {
        DynoMetrics metrics = new DynoMetrics();
        metrics.launched(Duration.ofMillis(5));
        metrics.booted(Duration.ofSeconds(2));
        metrics.restarted("hello", "web.1");
        metrics.restarted("hello", "web.1");
        metrics.memory("hello", "web.1", 123_456_789);
        metrics.memory("hello", "worker.1", 42);
        String text = metrics.prometheusText();
        assertThat(text).contains("# TYPE dynod_dyno_boot_seconds summary")
                .contains("dynod_dyno_boot_seconds{quantile=\"0.99\"} 2.00")
                .contains("dynod_dyno_boot_seconds_count 1")
                .contains("dynod_dyno_launch_seconds_count 1")
                .contains("dynod_dyno_restarts_total{app=\"hello\",dyno=\"web.1\"} 2")
                .contains("dynod_dyno_restarts_total{app=\"hello\",dyno=\"worker.1\"} 0")
                .contains("dynod_dyno_memory_bytes{app=\"hello\",dyno=\"web.1\"} 123456789");
        metrics.forget("hello", "worker.1");
        assertThat(metrics.prometheusText()).doesNotContain("worker.1");
    }

    @Test
    void cpuTimeIsACounterInSecondsShownOnlyForDynosWhoseRuntimeMeasuresIt() {
        DynoMetrics metrics = new DynoMetrics();
        metrics.memory("hello", "web.1", 1);
        metrics.memory("hello", "worker.1", 1);
        assertThat(metrics.prometheusText()).contains("# TYPE dynod_dyno_cpu_seconds_total counter")
                .doesNotContain("dynod_dyno_cpu_seconds_total{");
        metrics.cpu("hello", "web.1", 1_250_000_000L);
        assertThat(metrics.prometheusText()).contains("dynod_dyno_cpu_seconds_total{app=\"hello\",dyno=\"web.1\"} 1.250000")
                .doesNotContain("dynod_dyno_cpu_seconds_total{app=\"hello\",dyno=\"worker.1\"}");
        metrics.cpu("hello", "web.1", 3_000_000L);
        assertThat(metrics.prometheusText()).contains("dynod_dyno_cpu_seconds_total{app=\"hello\",dyno=\"web.1\"} 0.003000");
    }
}
