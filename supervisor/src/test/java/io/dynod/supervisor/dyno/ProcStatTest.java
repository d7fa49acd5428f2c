package io.dynod.supervisor.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
    @TempDir
    Path dir;

    @Test
    void readsGroupStartTimeAndCpuTicksPastACommandNameWithSpacesAndParentheses() throws IOException {
        // fields from 3 on: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime(14)=7 stime(15)=5 cutime(16)=3 cstime(17)=2 priority nice threads itreal starttime(22)=987654
        Files.writeString(dir.resolve("stat"), "4242 (my (odd) cmd) S 1 4200 4200 0 -1 4194560 100 0 0 0 "
                + "7 5 3 2 20 0 1 0 987654 1000 10 18446744073709551615\n");
        assertThat(ProcStat.read(dir)).contains(new ProcStat(4242, 'S', 4200, 987654, 17));
    }

    @Test
    void theTestJvmItselfHasUsedCpu() {
        assertThat(ProcStat.read(ProcessHandle.current().pid())).hasValueSatisfying(stat -> {
            assertThat(stat.cpuTicks()).isPositive();
            assertThat(stat.state()).isIn('R', 'S');
        });
    }

    @Test
    void aMissingOrDamagedStatFileReadsAsNoProcess() throws IOException {
        assertThat(ProcStat.read(dir)).isEmpty();
        Files.writeString(dir.resolve("stat"), "4242 (cut");
        assertThat(ProcStat.read(dir)).isEmpty();
    }
}
