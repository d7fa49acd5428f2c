package io.dynod.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** pidfd_open + poll: the end of a process is seen without waitpid. */
class PidfdTest {

    @Test
    void awaitExitSeesTheEndOfTheProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try (Pidfd fd = Pidfd.open(sleeper.pid()).orElseThrow()) {
            assertThat(fd.awaitExit(0)).as("still running").isFalse();

            sleeper.destroyForcibly();

            assertThat(fd.awaitExit(10_000)).as("ended").isTrue();
            assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fd.signal(LibC.SIGTERM)).as("reaped: nothing left to signal").isFalse();
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGoneProcessHasNoPidfd() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor(10, TimeUnit.SECONDS);

        assertThat(Pidfd.open(done.pid())).isEmpty();
    }
}
