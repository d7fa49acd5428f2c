package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.cgroup.CgroupStats;
import io.dynod.supervisor.release.DynoSize;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Acceptance: memory and process limits hold and stay inside the dyno (tiny size: 32 MB quota, 64 MB limit). */
class DynoLimitsIT extends IsolatedDynos {
    @Test
    void allocatingPastTheLimitIsOomKilledAsR15AndTheNeighbourLivesOn() throws Exception {
        RunningDyno neighbour = dynos.launch("shop", "web.2", "echo neighbour-up; exec sleep 60", Map.of(),
                OptionalInt.empty(), DynoFixture.TINY);
        DynoFixture.awaitLog(neighbour, "neighbour-up");

        RunningDyno hog = dynos.launch("shop", "web.1", "echo allocating; exec dd if=/dev/zero of=/dev/null bs=160M count=1",
                Map.of(), OptionalInt.empty(), DynoFixture.TINY);
        DynoExit exit = hog.onExit().get(30, TimeUnit.SECONDS);

        assertThat(exit.reason()).as("log: %s", DynoFixture.log(hog)).isEqualTo(ExitReason.MEMORY_QUOTA_EXCEEDED);
        assertThat(exit.reason().herokuCode()).isEqualTo("R15");
        assertThat(exit.oomKills()).isPositive();
        assertThat(exit.status()).isEqualTo(137);
        assertThat(neighbour.isAlive()).isTrue();
        CgroupStats stats = neighbour.stats();
        assertThat(stats.memoryBytes()).isPositive().isLessThan(DynoFixture.TINY.hardLimitBytes());
        assertThat(stats.cpuUsageNanos()).isPositive();
        assertThat(stats.pids()).isBetween(3L, 6L); // shim, init, sleep (shell chain: shim, unshare, tini, sleep)
        assertThat(dynos.launcher.cgroups().oomKills(neighbour.cgroup())).isZero();
        assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
    }

    @Test
    void aForkBombStopsAtPidsMaxAndIsContained() throws Exception {
        DynoSize size = DynoFixture.TINY; // 20 processes for the app + up to 3 of the chain
        RunningDyno bomb = dynos.launch("shop", "web.1", "exec perl -e '"
                + "$| = 1; my ($ok, $failed) = (0, 0);"
                + "for (1 .. 200) { my $p = fork; if (!defined $p) { $failed++; next } if ($p == 0) { sleep 60; exit 0 } $ok++ }"
                + "print \"forks ok=$ok failed=$failed\\n\"; sleep 60'",
                Map.of(), OptionalInt.empty(), size);
        DynoFixture.awaitLog(bomb, "forks ok=");

        Matcher m = Pattern.compile("forks ok=(\\d+) failed=(\\d+)").matcher(DynoFixture.log(bomb));
        assertThat(m.find()).isTrue();
        int ok = Integer.parseInt(m.group(1));
        int failed = Integer.parseInt(m.group(2));
        assertThat(failed).isPositive();
        assertThat(ok + failed).isEqualTo(200);
        // the init + perl + forks of the app; the shim (and unshare) count too
        assertThat(ok).isLessThanOrEqualTo(size.maxProcesses());
        assertThat(bomb.stats().pids()).isLessThanOrEqualTo(size.limits().pidsMax());
        assertThat(new ProcessBuilder("true").start().waitFor()).isZero();

        DynoExit exit = new StopSequence(java.time.Duration.ofSeconds(1)).stop(bomb);

        assertThat(exit.reason()).isEqualTo(ExitReason.STOPPED);
        assertThat(bomb.cgroup().directories()).allSatisfy(d -> assertThat(d).doesNotExist());
    }
}
