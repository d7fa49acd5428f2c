package io.dynod.supervisor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateTest {
    @TempDir
    Path dir;

    private static final Instant AT = Instant.parse("2026-11-26T11:02:03Z");

    private static AppRecord app(String name) {
        Release v1 = new Release(1, new SlugRef("c".repeat(64)), ConfigVars.of(Map.of("A", "1")),
                Map.of("web", "java Hello", "worker", "java Hello worker"), AT, "Deploy");
        Release v2 = v1.withConfig(v1.config().with(Map.of("B", "2")), AT.plusSeconds(60), "Set B");
        Formation formation = Formation.empty()
                .with("web", new Formation.Scale(2, DynoSize.STANDARD_2X))
                .with("worker", new Formation.Scale(1, DynoSize.DEFAULT));
        return AppRecord.of(name, AT, List.of(v1, v2), formation);
    }

    @Test
    void appsRoundTripWithReleasesAndFormation() throws IOException {
        DesiredState state = new DesiredState(dir.resolve("apps"), new StateStore());
        AppRecord hello = app("hello");
        state.save(hello);
        state.save(app("other"));
        AppRecord loaded = state.loadAll().get("hello");
        assertThat(loaded).isEqualTo(hello);
        assertThat(loaded.toReleases()).extracting(Release::name).containsExactly("v1", "v2");
        assertThat(loaded.toReleases().get(1).config().asMap()).containsEntry("B", "2");
        assertThat(loaded.toFormation()).hasToString("web=2:standard-2x worker=1:standard-1x");
        assertThat(state.loadAll()).containsOnlyKeys("hello", "other");
        state.delete("other");
        assertThat(state.loadAll()).containsOnlyKeys("hello");
    }

    @Test
    void noAppsDirectoryMeansNoApps() throws IOException {
        assertThat(new DesiredState(dir.resolve("absent"), new StateStore()).loadAll()).isEmpty();
    }

    @Test
    void oneDamagedAppFileStopsTheLoadNamingTheFile() throws IOException {
        DesiredState state = new DesiredState(dir, new StateStore());
        state.save(app("good"));
        Files.writeString(dir.resolve("bad.json"), "{\"name\":\"bad\",\"releases\":[");
        assertThatThrownBy(state::loadAll).isInstanceOf(CorruptStateFileException.class)
                .hasMessageContaining(dir.resolve("bad.json").toString());
    }

    @Test
    void aTruncatedOrEmptiedAppFileIsAnErrorAndItsPreviousVersionBringsTheAppBack() throws IOException {
        DesiredState state = new DesiredState(dir, new StateStore());
        AppRecord first = app("hello");
        state.save(first);
        AppRecord second = AppRecord.of("hello", AT, first.toReleases().subList(0, 1), first.toFormation());
        state.save(second);
        Path file = dir.resolve("hello.json");
        CutFiles.eachCutIsReported(file, state::loadAll);
        // the documented recovery (docs/operations.md): put the previous version in place
        Files.move(StateStore.previousOf(file), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(state.loadAll()).containsOnlyKeys("hello");
        assertThat(state.loadAll().get("hello")).isEqualTo(first);
    }

    @Test
    void handEditedBadValuesAreRejected() throws IOException {
        DesiredState state = new DesiredState(dir, new StateStore());
        Files.writeString(dir.resolve("x.json"), "{\"name\":\"Bad Name\"}");
        assertThatThrownBy(() -> state.load("x")).isInstanceOf(CorruptStateFileException.class)
                .hasMessageContaining("bad app name 'Bad Name'");
        Files.writeString(dir.resolve("y.json"), "{\"name\":\"z\"}");
        assertThatThrownBy(() -> state.load("y")).hasMessageContaining("it holds app 'z'");
        AppRecord.ScaleRecord huge = new AppRecord.ScaleRecord(1, "huge");
        AppRecord withBadSize = new AppRecord("w", AT, List.of(), Map.of("web", huge));
        assertThatThrownBy(withBadSize::toFormation).hasMessageContaining("unknown dyno size 'huge'");
        assertThatThrownBy(() -> state.load("../etc")).hasMessageContaining("bad app name");
    }
}
