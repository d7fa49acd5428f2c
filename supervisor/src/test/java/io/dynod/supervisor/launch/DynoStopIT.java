package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.testsupport.Eventually;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Acceptance: a stop leaves nothing behind, not even setsid'd grandchildren that ignore SIGTERM. */
class DynoStopIT extends IsolatedDynos {
    private static final String ESCAPER =
            "setsid sh -c 'trap \"\" TERM; echo escaper-up; while :; do sleep 1; done' & ";

    @Test
    void termIgnoringMainAndSetsidGrandchildAreKilledAfterTheGrace() throws Exception {
        RunningDyno dyno = dynos.launch("shop", "web.1",
                ESCAPER + "trap '' TERM; echo main-up; while :; do sleep 1; done");
        Set<Long> pids = awaitUp(dyno);

        DynoExit exit = new StopSequence(Duration.ofSeconds(1)).stop(dyno);

        assertThat(exit.reason()).isEqualTo(ExitReason.EXIT_TIMEOUT);
        assertNothingLeft(dyno, pids);
    }

    @Test
    void mainExitingOnTermTakesTheSetsidGrandchildWithIt() throws Exception {
        RunningDyno dyno = dynos.launch("shop", "web.1", ESCAPER + "echo main-up; exec sleep 600");
        Set<Long> pids = awaitUp(dyno);

        DynoExit exit = new StopSequence(Duration.ofSeconds(30)).stop(dyno);

        assertThat(exit.reason()).isEqualTo(ExitReason.STOPPED);
        assertThat(exit.status()).isEqualTo(143);
        assertNothingLeft(dyno, pids);
    }

    private static Set<Long> awaitUp(RunningDyno dyno) {
        DynoFixture.awaitLog(dyno, "escaper-up");
        DynoFixture.awaitLog(dyno, "main-up");
        Set<Long> pids = dyno.processes();
        // at least the init, the main process and the escaper sh (+ their sleeps; the shell chain adds
        // the shim and unshare; dyno-exec's shim stays out of the unified leaf)
        assertThat(pids.size()).isGreaterThanOrEqualTo(3);
        return pids;
    }

    private static void assertNothingLeft(RunningDyno dyno, Set<Long> pids) {
        Eventually.await("every process of the dyno is gone", Duration.ofSeconds(5),
                () -> pids.stream().noneMatch(DynoFixture::alive));
        assertThat(dyno.cgroup().directories()).isNotEmpty().allSatisfy(d -> assertThat(d).doesNotExist());
        assertThat(dyno.isAlive()).isFalse();
    }
}
