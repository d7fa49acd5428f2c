package io.dynod.router.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.table.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class P2cSelectorTest {

    private static LiveEndpoint[] endpoints(int n) {
        LiveEndpoint[] e = new LiveEndpoint[n];
        for (int i = 0; i < n; i++) {
            e[i] = new LiveEndpoint(Endpoint.up("web." + (i + 1), "127.0.0.1", 5000 + i));
        }
        return e;
    }

    @Test
    void twoDynosAlwaysPickTheLessLoaded() {
        LiveEndpoint[] e = endpoints(2);
        for (int i = 0; i < 5; i++) {
            e[1].requestStarted();
        }
        for (int i = 0; i < 100; i++) {
            assertThat(P2cSelector.select(e, 0, 0)).isEqualTo(0);
        }
    }

    @Test
    void theMostLoadedOfManyIsNeverPicked() {
        LiveEndpoint[] e = endpoints(5);
        e[3].requestStarted();
        int[] picks = new int[5];
        for (int i = 0; i < 5000; i++) {
            picks[P2cSelector.select(e, 0, 0)]++;
        }
        assertThat(picks[3]).isZero();
        for (int i : new int[] {0, 1, 2, 4}) {
            assertThat(picks[i]).isGreaterThan(800);
        }
    }

    @Test
    void triedQuarantinedAndDownDynosAreSkipped() {
        LiveEndpoint[] e = endpoints(4);
        e[0].quarantine(1_000, 5_000);
        e[1].setUp(false);
        long tried = P2cSelector.bit(2);
        for (int i = 0; i < 100; i++) {
            assertThat(P2cSelector.select(e, tried, 2_000)).isEqualTo(3);
        }
        assertThat(P2cSelector.select(e, tried | P2cSelector.bit(3), 2_000)).isEqualTo(-1);
    }

    @Test
    void quarantineEndsAfterItsDuration() {
        LiveEndpoint e = endpoints(1)[0];
        e.quarantine(1_000, 5_000);
        assertThat(e.isQuarantined(5_999)).isTrue();
        assertThat(e.isQuarantined(6_000)).isFalse();
        assertThat(P2cSelector.allQuarantined(new LiveEndpoint[] {e}, 2_000)).isTrue();
        assertThat(P2cSelector.allQuarantined(new LiveEndpoint[] {e}, 7_000)).isFalse();
    }

    @Test
    void inFlightCapIsPerUpDyno() {
        LiveApp app = new LiveApp("a", List.of(endpoints(2)));
        for (int i = 0; i < 6; i++) {
            assertThat(app.tryStartRequest(3)).isTrue();
        }
        assertThat(app.tryStartRequest(3)).isFalse();
        app.requestEnded();
        assertThat(app.tryStartRequest(3)).isTrue();
    }
}
