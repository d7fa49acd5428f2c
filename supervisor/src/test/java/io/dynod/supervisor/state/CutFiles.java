package io.dynod.supervisor.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Cuts a state file short the ways a crash or a full disk would, checking each cut is reported. */
final class CutFiles {
    private CutFiles() {
    }

    /**
     * Cuts {@code file} to half, to all but its last two bytes and to nothing; after each cut
     * {@code load} must fail naming the file and its kept previous version. The rename of the
     * last write gave the file its own inode, so cutting it leaves {@code <file>.prev} whole.
     */
    static void eachCutIsReported(Path file, ThrowingCallable load) throws IOException {
        byte[] whole = Files.readAllBytes(file);
        for (int keep : new int[] {whole.length / 2, whole.length - 2, 0}) {
            Files.write(file, Arrays.copyOf(whole, keep));
            assertThatThrownBy(load).as("cut to %d of %d bytes", keep, whole.length)
                    .isInstanceOf(CorruptStateFileException.class)
                    .hasMessageContaining("state file " + file + " is corrupt")
                    .hasMessageContaining("kept at " + StateStore.previousOf(file))
                    .hasMessageContaining("the agent will not start over it");
        }
    }
}
