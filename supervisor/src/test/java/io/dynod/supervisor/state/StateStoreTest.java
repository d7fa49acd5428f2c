package io.dynod.supervisor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private final StateStore store = new StateStore();

    record Sample(String name, int count, Instant at, Map<String, String> vars) {
    }

    private static final Sample ONE = new Sample("one", 1, Instant.parse("2026-11-26T11:02:03.123456Z"), Map.of("A", "1"));
    private static final Sample TWO = new Sample("two", 2, Instant.parse("2026-11-26T12:00:00Z"), Map.of());

    @Test
    void writesAndReadsBackIncludingInstants() throws IOException {
        Path file = dir.resolve("nested/state.json");
        store.write(file, ONE);
        assertThat(store.read(file, Sample.class)).contains(ONE);
        assertThat(Files.readString(file)).contains("\"2026-11-26T11:02:03.123456Z\"");
    }

    @Test
    void missingFileReadsAsEmpty() throws IOException {
        assertThat(store.read(dir.resolve("none.json"), Sample.class)).isEmpty();
    }

    @Test
    void replacingLeavesNoTempFilesAndKeepsThePreviousVersion() throws IOException {
        Path file = dir.resolve("state.json");
        store.write(file, ONE);
        store.write(file, TWO);
        assertThat(store.read(file, Sample.class)).contains(TWO);
        assertThat(store.read(StateStore.previousOf(file), Sample.class)).contains(ONE);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", "state.json.prev");
        }
    }

    @Test
    void anEmptyFileIsReportedAsCorruptNamingIt() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "");
        assertThatThrownBy(() -> store.read(file, Sample.class))
                .isInstanceOf(CorruptStateFileException.class)
                .hasMessageContaining("state file " + file + " is corrupt: it is empty")
                .hasMessageContaining("No previous version is kept");
    }

    /** Writes ONE then TWO, then damages the current file with {@code content}; .prev keeps ONE. */
    private Path damagedAfterTwoWrites(String content) throws IOException {
        Path file = dir.resolve("state.json");
        store.write(file, ONE);
        store.write(file, TWO);
        Files.delete(file); // break the link so .prev keeps ONE
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aTruncatedFileIsReportedWithLineAndColumnAndThePreviousVersion() throws IOException {
        Path file = damagedAfterTwoWrites("{\n  \"name\" : \"two\",\n  \"count\" : 2,\n  \"at\" : \"2026-11");
        assertThatThrownBy(() -> store.read(file, Sample.class))
                .isInstanceOf(CorruptStateFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("at line")
                .hasMessageContaining("kept at " + StateStore.previousOf(file));
    }

    @Test
    void documentedRecoveryRestoresThePreviousVersion() throws IOException {
        Path file = damagedAfterTwoWrites("{\"name\": ");
        assertThatThrownBy(() -> store.read(file, Sample.class)).isInstanceOf(CorruptStateFileException.class);
        // the recovery the error message describes: move the good previous version into place
        Files.move(StateStore.previousOf(file), file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(store.read(file, Sample.class)).contains(ONE);
    }

    @Test
    void wrongShapesAreCorruptNotSilentlyDefaulted() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"name\":\"x\",\"count\":1,\"at\":\"yesterday\",\"vars\":{}}");
        assertThatThrownBy(() -> store.read(file, Sample.class)).hasMessageContaining("ISO-8601");
        Files.writeString(file, "{\"name\":\"x\",\"count\":1,\"at\":\"2026-11-26T12:00:00Z\",\"vars\":{},\"extra\":1}");
        assertThatThrownBy(() -> store.read(file, Sample.class)).hasMessageContaining("extra");
        Files.writeString(file, "{\"name\":\"x\",\"count\":null}");
        assertThatThrownBy(() -> store.read(file, Sample.class)).isInstanceOf(CorruptStateFileException.class);
        Files.writeString(file, "{} {}");
        assertThatThrownBy(() -> store.read(file, Sample.class)).isInstanceOf(CorruptStateFileException.class);
    }

    @Test
    void deleteRemovesTheFileAndItsPreviousVersion() throws IOException {
        Path file = dir.resolve("state.json");
        store.write(file, ONE);
        store.write(file, TWO);
        store.delete(file);
        assertThat(store.read(file, Sample.class)).isEmpty();
        assertThat(StateStore.previousOf(file)).doesNotExist();
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
