package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DynoExitTest {

    @Test
    void anOomKillIsR15WhateverTheStatus() {
        DynoExit exit = DynoExit.classify(137, 1, true, true);

        assertThat(exit.reason()).isEqualTo(ExitReason.MEMORY_QUOTA_EXCEEDED);
        assertThat(exit.reason().herokuCode()).isEqualTo("R15");
    }

    @Test
    void requestedStopIsStoppedOtherwiseExitOrCrash() {
        assertThat(DynoExit.classify(143, 0, true, false).reason()).isEqualTo(ExitReason.STOPPED);
        assertThat(DynoExit.classify(0, 0, false, false).reason()).isEqualTo(ExitReason.EXITED);
        assertThat(DynoExit.classify(1, 0, false, false).reason()).isEqualTo(ExitReason.CRASHED);
        assertThat(DynoExit.classify(1, 0, false, false).reason().herokuCode()).isEmpty();
    }

    @Test
    void killAfterTheGraceTimeIsR12() {
        DynoExit exit = DynoExit.classify(137, 0, true, true);

        assertThat(exit.reason()).isEqualTo(ExitReason.EXIT_TIMEOUT);
        assertThat(exit.reason().herokuCode()).isEqualTo("R12");
    }
}
