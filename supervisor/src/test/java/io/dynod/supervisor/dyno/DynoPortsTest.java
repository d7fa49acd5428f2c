package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DynoPortsTest {

    @Test
    void aRangeHandsOutItsPortsRoundRobinSkippingHeldAndBoundOnes() throws Exception {
        BoundRange range = threePortsWithTheMiddleOneBound();
        int low = range.low();
        try (ServerSocket taken = range.middle()) {
            DynoPorts ports = DynoPorts.parse(low + "-" + (low + 2));
            assertThat(ports.next(Set.of())).isEqualTo(low);
            assertThat(ports.next(Set.of())).as("bound by someone else").isEqualTo(low + 2);
            assertThat(ports.next(Set.of(low))).as("held by a booting dyno of this agent").isEqualTo(low + 2);
            assertThatThrownBy(() -> ports.next(Set.of(low, low + 2))).hasMessageContaining("no free port left");
            taken.close();
            assertThat(ports.next(Set.of(low, low + 2))).as("free again").isEqualTo(low + 1);
        }
    }

    private record BoundRange(int low, ServerSocket middle) {}

    /**
     * Finds LOW such that LOW and LOW + 2 are free and binds LOW + 1 (on one address, 127.0.0.1);
     * other tests use ports meanwhile, so a few tries may be needed.
     */
    private static BoundRange threePortsWithTheMiddleOneBound() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int low;
            try (ServerSocket probe = new ServerSocket(0)) {
                low = probe.getLocalPort();
            }
            if (low + 2 > 65535 || !free(low + 2)) {
                continue;
            }
            ServerSocket middle = new ServerSocket(); // a failed bind closes the socket: a new one per try
            try {
                middle.bind(new InetSocketAddress("127.0.0.1", low + 1));
                return new BoundRange(low, middle);
            } catch (BindException inUse) {
                middle.close();
            }
        }
        throw new AssertionError("no three consecutive free ports found in 100 tries");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
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
