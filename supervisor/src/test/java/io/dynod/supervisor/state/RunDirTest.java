package io.dynod.supervisor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.dyno.DynoName;
import io.dynod.supervisor.dyno.DynoState;
import io.dynod.supervisor.logs.LogPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirTest {
    @TempDir
    Path dir;

    private DynoRecord record(RunDir run, String app, String dyno) {
        DynoName name = DynoName.parse(dyno);
        return new DynoRecord(app, dyno, 3, "up", 4242, 987654, 0, "/sys/fs/cgroup/dynod/" + app + "/" + dyno,
                run.logFile(app, name).toString(), new LogPosition("2049:77", 1234),
                run.exitStatusFile(app, name, 17).toString(), Instant.parse("2026-11-26T11:02:03Z"), 2,
                null, Instant.parse("2026-11-27T11:30:00Z"));
    }

    @Test
    void dynoRecordsRoundTripSortedByAppAndDyno() throws IOException {
        RunDir run = new RunDir(dir, new StateStore());
        run.save(record(run, "hello", "web.10"));
        run.save(record(run, "hello", "web.2"));
        run.save(record(run, "alpha", "worker.1"));
        assertThat(run.loadAll()).extracting(r -> r.app() + "/" + r.dyno())
                .containsExactly("alpha/worker.1", "hello/web.2", "hello/web.10");
        DynoRecord loaded = run.loadAll().get(1);
        assertThat(loaded).isEqualTo(record(run, "hello", "web.2"));
        assertThat(loaded.dynoState()).isEqualTo(DynoState.UP);
        assertThat(loaded.logPosition().offset()).isEqualTo(1234);
        assertThat(loaded.logFile()).endsWith("hello/web.2.log");
    }

    @Test
    void updatesReplaceAndDeleteRemoves() throws IOException {
        RunDir run = new RunDir(dir, new StateStore());
        DynoRecord r = record(run, "hello", "web.1");
        run.save(r);
        run.save(r.withState(DynoState.CRASHED).withLogPosition(new LogPosition("2049:77", 9999)));
        DynoRecord loaded = run.loadAll().get(0);
        assertThat(loaded.state()).isEqualTo("crashed");
        assertThat(loaded.logPosition().offset()).isEqualTo(9999);
        run.delete("hello", DynoName.parse("web.1"));
        assertThat(run.loadAll()).isEmpty();
    }

    @Test
    void emptyOrMissingRunDirHasNoDynos() throws IOException {
        assertThat(new RunDir(dir.resolve("none"), new StateStore()).loadAll()).isEmpty();
    }

    @Test
    void aTruncatedOrEmptiedRecordIsAnErrorAndItsPreviousVersionCanBePutBack() throws IOException {
        RunDir run = new RunDir(dir, new StateStore());
        DynoRecord first = record(run, "hello", "web.1");
        run.save(first);
        run.save(first.withLogPosition(new LogPosition("2049:77", 5678)));
        Path file = dir.resolve("hello/web.1.json");
        CutFiles.eachCutIsReported(file, run::loadAll);
        Files.move(StateStore.previousOf(file), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(run.loadAll()).containsExactly(first);
    }

    @Test
    void aDamagedOrMisplacedRecordIsAnErrorNamingTheFile() throws IOException {
        RunDir run = new RunDir(dir, new StateStore());
        run.save(record(run, "hello", "web.1"));
        Path misplaced = dir.resolve("hello/web.2.json");
        Files.copy(dir.resolve("hello/web.1.json"), misplaced);
        assertThatThrownBy(run::loadAll).isInstanceOf(CorruptStateFileException.class)
                .hasMessageContaining(misplaced.toString()).hasMessageContaining("it describes hello/web.1");
        Files.writeString(misplaced, Files.readString(dir.resolve("hello/web.1.json"))
                .replace("\"web.1\"", "\"web.2\"").replace("\"up\"", "\"sleeping\""));
        assertThatThrownBy(run::loadAll).hasMessageContaining("unknown dyno state 'sleeping'");
    }
}
