package io.dynod.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.errors.HerokuError;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {

    @Test
    void snapshotRendersCountersAndPercentiles() {
        RouterMetrics m = new RouterMetrics();
        for (int i = 1; i <= 100; i++) {
            m.recordRequest("shop", 200, null, i * 1_000_000L);
        }
        m.recordRequest("shop", 503, HerokuError.H12, 30_000_000_000L);
        m.recordRequest(null, 404, HerokuError.NO_SUCH_APP, 1000);
        m.recordConnectFailure();
        String text = m.snapshot();
        assertThat(text)
                .contains("dynod_router_requests_total{app=\"shop\",status=\"200\"} 100")
                .contains("dynod_router_requests_total{app=\"shop\",status=\"503\"} 1")
                .contains("dynod_router_requests_total{app=\"-\",status=\"404\"} 1")
                .contains("dynod_router_errors_total{code=\"H12\"} 1")
                .contains("dynod_router_request_duration_seconds_count{app=\"shop\"} 101")
                .contains("dynod_router_connect_failures_total 1");
        assertThat(text).containsPattern("dynod_router_request_duration_seconds\\{app=\"shop\",quantile=\"0.5\"\\} 0\\.05\\d*");
        // A second snapshot keeps the totals: recorders are folded into cumulative histograms.
        m.recordRequest("shop", 200, null, 1_000_000L);
        assertThat(m.snapshot()).contains("dynod_router_request_duration_seconds_count{app=\"shop\"} 102");
    }

    @Test
    void routesStaleSecondsIsZeroWhileCurrentAndGrowsDuringAnOutage() {
        RouterMetrics m = new RouterMetrics();
        assertThat(m.snapshot()).contains("dynod_router_routes_stale_seconds 0.0\n");
        m.setRoutesStaleSince(() -> Optional.of(Instant.now().minusSeconds(42)));
        assertThat(m.snapshot()).containsPattern("dynod_router_routes_stale_seconds 4[23]\\.\\d+\n");
    }
}
