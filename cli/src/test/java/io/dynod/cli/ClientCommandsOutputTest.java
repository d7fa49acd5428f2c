package io.dynod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynod.protocol.model.App;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoSize;
import io.dynod.protocol.model.DynoState;
import io.dynod.protocol.model.Formation;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.protocol.model.FormationUpdate;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseRef;
import io.dynod.protocol.model.ReleaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text the client commands print, Heroku-style, from given agent answers. */
class ClientCommandsOutputTest {

    private static final Instant NOW = Instant.parse("2026-11-26T11:10:03Z");

    @Test
    void psGroupsDynosByTypeWithStateAndAge() {
        List<Dyno> dynos = List.of(
                dyno("web.2", "up", "2026-11-26T11:09:33Z"),
                dyno("worker.1", "crashed", "2026-11-26T09:10:03Z"),
                dyno("web.1", "up", "2026-11-26T11:02:03Z"),
                new Dyno("run.4821", "run", DynoState.UP, DynoSize.BASIC, "bash", null, null, null, null,
                        Instant.parse("2026-11-26T11:09:03Z")));
        assertThat(PsCommand.render("hello", dynos, NOW, ZoneOffset.UTC)).isEqualTo("""
                === run: one-off processes (1)
                run.4821 (basic): up 2026/11/26 11:09:03 +0000 (~ 60s ago): bash

                === web (standard-1x): java Hello.java web (2)
                web.1: up 2026/11/26 11:02:03 +0000 (~ 8m ago)
                web.2: up 2026/11/26 11:09:33 +0000 (~ 30s ago)

                === worker (standard-1x): java Hello.java worker (1)
                worker.1: crashed 2026/11/26 09:10:03 +0000 (~ 2h ago)
                """);
    }

    @Test
    void psSaysSoWhenThereAreNoDynos() {
        assertThat(PsCommand.render("hello", List.of(), NOW, ZoneOffset.UTC)).isEqualTo("No dynos on hello\n");
    }

    @Test
    void agesReadLikeHerokus() {
        assertThat(HumanTime.ago(Duration.ofSeconds(5))).isEqualTo("5s ago");
        assertThat(HumanTime.ago(Duration.ofMinutes(59))).isEqualTo("59m ago");
        assertThat(HumanTime.ago(Duration.ofHours(24))).isEqualTo("24h ago");
        assertThat(HumanTime.ago(Duration.ofDays(3))).isEqualTo("3d ago");
        assertThat(HumanTime.withAge(Instant.parse("2026-11-26T11:02:03Z"), NOW, ZoneOffset.ofHours(1)))
                .isEqualTo("2026/11/26 12:02:03 +0100 (~ 8m ago)");
    }

    @Test
    void releasesListNewestFirstWithTheCurrentOne() {
        List<Release> releases = List.of(
                release(1, "Deploy 1", ReleaseStatus.SUCCEEDED, false, "2026-11-26T10:00:03Z"),
                release(2, "Set GREETING config vars", ReleaseStatus.SUCCEEDED, true, "2026-11-26T11:02:03Z"),
                release(3, "Deploy 2", ReleaseStatus.FAILED, false, "2026-11-26T11:09:03Z"));
        assertThat(ReleasesCommand.render("hello", releases, NOW, ZoneOffset.UTC)).isEqualTo("""
                === hello Releases - Current: v2
                v3  Deploy 2 (failed)         2026/11/26 11:09:03 +0000 (~ 60s ago)
                v2  Set GREETING config vars  2026/11/26 11:02:03 +0000 (~ 8m ago)
                v1  Deploy 1                  2026/11/26 10:00:03 +0000 (~ 1h ago)
                """);
        assertThat(RollbackCommand.previousRelease("hello", releases)).isEqualTo(1);
        assertThatThrownBy(() -> RollbackCommand.previousRelease("hello",
                        List.of(release(1, "Deploy 1", ReleaseStatus.SUCCEEDED, true, "2026-11-26T10:00:03Z"))))
                .hasMessage("hello has no earlier release to roll back to");
    }

    @Test
    void appsAreListedByName() {
        assertThat(AppsCommand.render(List.of(app("zeta"), app("alpha")))).isEqualTo("=== Apps\nalpha\nzeta\n");
        assertThat(AppsCommand.render(List.of())).isEqualTo("You have no apps.\n");
        App updated = new App("hello", IdleAfter.parse("5m"), List.of("hello.example.com"), null, null, null);
        assertThat(AppsUpdateCommand.render(updated))
                .isEqualTo("Updating hello... done\nidle-after: 5m\ndomains:    hello.example.com\n");
    }

    @Test
    void configVarsAlignLikeHerokus() {
        Map<String, String> vars = Map.of("GREETING", "hello", "PORT_HINT", "it's 5000");
        assertThat(ConfigCommand.render(vars)).isEqualTo("GREETING:  hello\nPORT_HINT: it's 5000\n");
        assertThat(ConfigCommand.renderShell(vars)).isEqualTo("GREETING='hello'\nPORT_HINT='it'\\''s 5000'\n");
    }

    @Test
    void configSetParsesAssignmentsAtTheFirstEquals() {
        assertThat(ConfigSetCommand.parse(List.of("URL=postgres://h/db?x=1", "EMPTY=")))
                .containsExactly(Map.entry("URL", "postgres://h/db?x=1"), Map.entry("EMPTY", ""));
        assertThatThrownBy(() -> ConfigSetCommand.parse(List.of("NOEQUALS")))
                .isInstanceOf(InvalidInputException.class).hasMessage("\"NOEQUALS\": expected KEY=VALUE");
        assertThatThrownBy(() -> ConfigSetCommand.parse(List.of("BAD-KEY=1")))
                .hasMessageStartingWith("config var \"BAD-KEY\": must be letters");
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("A", "1");
        keys.put("B", "2");
        keys.put("C", "3");
        App after = new App("hello", null, null, new ReleaseRef(5), null, null);
        assertThat(ConfigChange.done("Setting", keys.keySet(), "hello", after))
                .isEqualTo("Setting A, B and C and restarting hello... done, v5\n");
    }

    @Test
    void scaleReportsTheChangedTypes() {
        FormationBatch batch = new FormationBatch(List.of(new FormationUpdate("web", 2, DynoSize.STANDARD_2X)));
        List<Formation> after = List.of(
                new Formation("web", 2, DynoSize.STANDARD_2X, "java Hello.java web", null),
                new Formation("worker", 1, DynoSize.STANDARD_1X, "java Hello.java worker", null));
        assertThat(PsScaleCommand.render(batch, after)).isEqualTo("Scaling dynos... done, now running web at 2:standard-2x.\n");
        assertThat(PsRestartCommand.what(null)).isEqualTo("dynos");
        assertThat(PsRestartCommand.what("web")).isEqualTo("web dynos");
        assertThat(PsRestartCommand.what("web.1")).isEqualTo("web.1 dyno");
    }

    private static Dyno dyno(String name, String state, String updatedAt) {
        String type = name.substring(0, name.indexOf('.'));
        return new Dyno(name, type, DynoState.valueOf(state.toUpperCase()), DynoSize.STANDARD_1X,
                "java Hello.java " + type, new ReleaseRef(2), "127.0.0.1", 40000, null, Instant.parse(updatedAt));
    }

    private static Release release(int version, String description, ReleaseStatus status, boolean current, String at) {
        return new Release(version, description, status, current, null, null, Instant.parse(at), Instant.parse(at));
    }

    private static App app(String name) {
        return new App(name, null, null, null, null, null);
    }
}
