package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DynoPortsTest {

    @Test
    void aRangeHandsOutItsPortsRoundRobinSkippingHeldAndBoundOnes() throws Exception {
        int low;
        try (ServerSocket probe = new ServerSocket(0)) {
            low = probe.getLocalPort(); // a free port to start the range at
        }
        DynoPorts ports = DynoPorts.parse(low + "-" + (low + 2));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", low + 1)); // bound on one address: taken for a dyno
            assertThat(ports.next(Set.of())).isEqualTo(low);
            assertThat(ports.next(Set.of())).as("bound by someone else").isEqualTo(low + 2);
            assertThat(ports.next(Set.of(low))).as("held by a booting dyno of this agent").isEqualTo(low + 2);
            assertThatThrownBy(() -> ports.next(Set.of(low, low + 2))).hasMessageContaining("no free port left");
        }
        assertThat(ports.next(Set.of(low, low + 2))).as("free again").isEqualTo(low + 1);
    }

    @Test
    void theDefaultIsTheKernelsChoice() {
        assertThat(DynoPorts.kernel().isKernel()).isTrue();
        assertThat(DynoPorts.kernel().next(Set.of())).isPositive();
    }

    @Test
    void aBadRangeIsRefusedWithTheRule() {
        assertThatThrownBy(() -> DynoPorts.parse("20000")).hasMessageContaining("expected LOW-HIGH");
        assertThatThrownBy(() -> DynoPorts.parse("a-b")).hasMessageContaining("expected LOW-HIGH");
        assertThatThrownBy(() -> DynoPorts.parse("80-90")).hasMessageContaining("1024 <= LOW <= HIGH <= 65535");
        assertThatThrownBy(() -> DynoPorts.parse("30000-20000")).hasMessageContaining("1024 <= LOW <= HIGH");
    }
}
