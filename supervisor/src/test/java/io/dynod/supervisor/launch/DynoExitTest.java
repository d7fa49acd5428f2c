package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DynoExitTest {

    @Test
    void anOomKillIsR15WhateverTheStatus() {
        DynoExit exit = DynoExit.classify(137, 1, true);

        assertThat(exit.reason()).isEqualTo(ExitReason.MEMORY_QUOTA_EXCEEDED);
        assertThat(exit.reason().herokuCode()).isEqualTo("R15");
    }

    @Test
    void requestedStopIsStoppedOtherwiseExitOrCrash() {
        assertThat(DynoExit.classify(143, 0, true).reason()).isEqualTo(ExitReason.STOPPED);
        assertThat(DynoExit.classify(0, 0, false).reason()).isEqualTo(ExitReason.EXITED);
        assertThat(DynoExit.classify(1, 0, false).reason()).isEqualTo(ExitReason.CRASHED);
        assertThat(DynoExit.classify(1, 0, false).reason().herokuCode()).isEmpty();
    }
}
