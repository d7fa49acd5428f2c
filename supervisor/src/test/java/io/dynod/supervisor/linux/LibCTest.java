package io.dynod.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

class LibCTest {

    @Test
    void signalZeroProbesLivenessOfThisProcess() {
        assertThat(LibC.INSTANCE.kill((int) ProcessHandle.current().pid(), 0)).isZero();
    }

    @Test
    void signallingANonexistentProcessGroupReportsEsrch() {
        assertThat(LibC.INSTANCE.kill(-0x3ffffff0, 0)).isEqualTo(-1);
        assertThat(Native.getLastError()).isEqualTo(LibC.ESRCH);
    }
}
