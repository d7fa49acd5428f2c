package io.dynod.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppChanged;
import io.dynod.protocol.model.AppDestroyed;
import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.DrainResult;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.DynoSize;
import io.dynod.protocol.model.DynoState;
import io.dynod.protocol.model.DynoStateChanged;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.ErrorBody;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.Formation;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.protocol.model.Health;
import io.dynod.protocol.model.TrafficReport;
import io.dynod.protocol.model.TrafficResult;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseCreate;
import io.dynod.protocol.model.ReleaseStatus;
import io.dynod.protocol.model.RunOutput;
import io.dynod.protocol.model.Synced;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Stream<Arguments> goldenFiles() {
        return Stream.of(
                Arguments.of("app.json", new TypeReference<App>() {}),
                Arguments.of("app-settings.json", new TypeReference<AppSettings>() {}),
                Arguments.of("release.json", new TypeReference<Release>() {}),
                Arguments.of("release-create.json", new TypeReference<ReleaseCreate>() {}),
                Arguments.of("formation.json", new TypeReference<List<Formation>>() {}),
                Arguments.of("formation-batch.json", new TypeReference<FormationBatch>() {}),
                Arguments.of("dynos.json", new TypeReference<List<Dyno>>() {}),
                Arguments.of("dyno-create.json", new TypeReference<DynoCreate>() {}),
                Arguments.of("config-vars-patch.json", new TypeReference<Map<String, String>>() {}),
                Arguments.of("error.json", new TypeReference<ErrorBody>() {}),
                Arguments.of("drain.json", new TypeReference<DrainResult>() {}),
                Arguments.of("health.json", new TypeReference<Health>() {}),
                Arguments.of("traffic-report.json", new TypeReference<TrafficReport>() {}),
                Arguments.of("traffic-result.json", new TypeReference<TrafficResult>() {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenFileRoundTripsUnchanged(String file, TypeReference<?> type) throws IOException {
        String golden = golden(file);
        Object decoded = JsonCodec.decodeRequest(golden, type, file);
        String encoded = JsonCodec.encode(decoded);
        assertThat(PLAIN.readTree(encoded)).isEqualTo(PLAIN.readTree(golden));
        assertThat(JsonCodec.decodeRequest(encoded, type, file)).isEqualTo(decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ndjsonFiles")
    void goldenStreamLinesRoundTripUnchanged(String file, Class<?> type) throws IOException {
        for (String line : golden(file).split("\n")) {
            Object decoded = JsonCodec.decodeRequest(line, type, file);
            assertThat(PLAIN.readTree(JsonCodec.encode(decoded))).isEqualTo(PLAIN.readTree(line));
        }
    }

    static Stream<Arguments> ndjsonFiles() {
        return Stream.of(Arguments.of("events.ndjson", Event.class), Arguments.of("run-output.ndjson", RunOutput.class));
    }

    @Test
    void goldenFilesDecodeToTheExpectedValues() throws IOException {
        App app = JsonCodec.decodeRequest(golden("app.json"), App.class, "app");
        assertThat(app.idleAfter()).isEqualTo(IdleAfter.of(Duration.ofMinutes(30)));
        assertThat(app.updatedAt()).isEqualTo(Instant.parse("2026-11-26T11:02:03.123456Z"));
        assertThat(app.release().version()).isEqualTo(3);

        Release release = JsonCodec.decodeRequest(golden("release.json"), Release.class, "release");
        assertThat(release.status()).isEqualTo(ReleaseStatus.SUCCEEDED);
        assertThat(release.processTypes()).containsKeys("web", "worker");

        List<Dyno> dynos = JsonCodec.decodeRequest(golden("dynos.json"), new TypeReference<List<Dyno>>() {}, "dynos");
        assertThat(dynos.get(0).state()).isEqualTo(DynoState.UP);
        assertThat(dynos.get(0).size()).isEqualTo(DynoSize.STANDARD_1X);
        assertThat(dynos.get(1).port()).isNull();

        Map<String, String> patch = JsonCodec.decodeRequest(
                golden("config-vars-patch.json"), new TypeReference<Map<String, String>>() {}, "config vars");
        assertThat(patch).containsEntry("GREETING", "hello").containsEntry("OLD", null);

        List<Event> events = golden("events.ndjson").lines()
                .map(line -> JsonCodec.decodeRequest(line, Event.class, "event"))
                .toList();
        assertThat(events).hasExactlyElementsOfTypes(
                AppChanged.class, EndpointChanged.class, Synced.class, DynoStateChanged.class, AppDestroyed.class);
        assertThat(((DynoStateChanged) events.get(3)).previousState()).isEqualTo(DynoState.STARTING);
    }

    @Test
    void instantsAreIso8601AndNullsAreLeftOut() {
        String json = JsonCodec.encode(new Synced(Instant.parse("2026-11-26T11:02:03Z")));
        assertThat(json).isEqualTo("{\"type\":\"synced\",\"at\":\"2026-11-26T11:02:03Z\"}");
        assertThat(JsonCodec.encode(AppSettings.none())).isEqualTo("{}");
    }

    @Test
    void configVarNullsSurviveEncodingBecauseTheyUnset() {
        Map<String, String> patch = new java.util.LinkedHashMap<>();
        patch.put("OLD", null);
        assertThat(JsonCodec.encode(patch)).isEqualTo("{\"OLD\":null}");
    }

    // --- rejections: each with the message a client sees in the 400 ---

    @Test
    void unknownFieldIsRejectedNamingIt() {
        assertRejected("{\"idle_after\":\"5m\",\"colour\":\"red\"}", AppSettings.class,
                "app settings: unknown field \"colour\" (known fields: domains, idle_after)");
    }

    @Test
    void unknownNestedFieldIsRejectedWithItsPath() {
        assertRejected("{\"updates\":[{\"type\":\"web\",\"quantity\":1,\"count\":2}]}", FormationBatch.class,
                "formation: unknown field \"updates[0].count\" (known fields: quantity, size, type)");
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() {
        assertRejected("{\"idle_after\": \"5m\",}", AppSettings.class,
                "app settings: malformed JSON at line 1, column 21: Unexpected character ('}' (code 125)):"
                        + " was expecting double-quote to start field name");
    }

    @Test
    void truncatedJsonIsRejected() {
        assertRejectedStartingWith("{\"idle_after\": \"5m\"", AppSettings.class,
                "app settings: malformed JSON at line 1, column 20: Unexpected end-of-input");
    }

    @Test
    void emptyBodyIsRejected() {
        assertRejected("", AppSettings.class, "app settings: body is empty, expected JSON");
    }

    @Test
    void trailingContentIsRejected() {
        assertRejected("{} {}", AppSettings.class, "app settings: malformed JSON at line 1, column 4: more content after the JSON value");
    }

    @Test
    void duplicateFieldIsRejected() {
        assertRejectedStartingWith("{\"idle_after\":\"5m\",\"idle_after\":\"off\"}", AppSettings.class,
                "app settings: malformed JSON at line 1, column 32: Duplicate field 'idle_after'");
    }

    @Test
    void wrongTypeIsRejectedNamingTheField() {
        assertRejected("{\"updates\":[{\"type\":\"web\",\"quantity\":\"two\"}]}", FormationBatch.class,
                "formation: field \"updates[0].quantity\": expected an integer");
        assertRejected("{\"updates\":[{\"type\":\"web\",\"quantity\":1.5}]}", FormationBatch.class,
                "formation: field \"updates[0].quantity\": expected an integer, got 1.5");
        assertRejected("{\"updates\":{}}", FormationBatch.class,
                "formation: field \"updates\": expected an array");
        assertRejected("[]", AppSettings.class, "app settings: expected an object");
    }

    @Test
    void badAppNameIsRejected() {
        assertRejected("{\"name\":\"Hello_World\"}", App.class,
                "app: app name \"Hello_World\": must be 2 to 30 lowercase letters, digits and dashes, starting with a letter");
    }

    @Test
    void badSizeIsRejectedListingTheSizes() {
        assertRejected("{\"updates\":[{\"type\":\"web\",\"size\":\"huge\"}]}", FormationBatch.class,
                "formation: field \"updates[0].size\": dyno size \"huge\": must be one of eco, basic, standard-1x,"
                        + " standard-2x, performance-m, performance-l");
    }

    @Test
    void badFormationEntriesAreRejected() {
        assertRejected("{\"updates\":[{\"type\":\"we b\",\"quantity\":1}]}", FormationBatch.class,
                "formation: field \"updates[0]\": process type \"we b\": must be 1 to 30 letters, digits, '_' and '-'");
        assertRejected("{\"updates\":[{\"type\":\"web\",\"quantity\":101}]}", FormationBatch.class,
                "formation: field \"updates[0]\": quantity of web 101: must be 0 to 100");
        assertRejected("{\"updates\":[]}", FormationBatch.class,
                "formation: updates: give at least one process type");
        assertRejected("{\"updates\":[{\"type\":\"web\",\"quantity\":1},{\"type\":\"web\",\"quantity\":2}]}",
                FormationBatch.class, "formation: updates: process type web given twice");
    }

    @Test
    void badEnumValueListsTheWireNames() {
        assertRejected("{\"name\":\"web.1\",\"type\":\"web\",\"state\":\"sleeping\"}", io.dynod.protocol.model.Dyno.class,
                "app: field \"state\": expected one of starting, up, crashed, down, idle, got \"sleeping\"");
    }

    @Test
    void badIdleAfterIsRejected() {
        assertRejected("{\"idle_after\":\"5 minutes\"}", AppSettings.class,
                "app settings: field \"idle_after\": idle-after \"5 minutes\": must be a duration like 90s, 5m or 2h, or \"off\"");
    }

    @Test
    void configVarPatchesAreCheckedKeyByKey() {
        assertThat(JsonCodec.decodeConfigVars("{\"GOOD\":\"1\",\"OLD\":null}")).containsEntry("OLD", null);
        assertThatThrownBy(() -> JsonCodec.decodeConfigVars("{\"GOOD\":\"1\",\"BAD-KEY\":\"2\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config vars: config var \"BAD-KEY\": must be letters, digits and '_',"
                        + " not starting with a digit, at most 256 characters");
        assertThatThrownBy(() -> JsonCodec.decodeConfigVars("{\"N\":1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config vars: field \"N\": expected a string, got 1");
        assertThatThrownBy(() -> JsonCodec.decodeConfigVars("{\"BIG\":\"" + "x".repeat(33_000) + "\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config vars: all config vars together take 33003 bytes, more than the 32768 allowed");
    }

    @Test
    void unknownEventTypeIsRejectedByTheAgentButSkippedByClients() {
        String future = "{\"type\":\"dyno.memory\",\"app\":\"hello\",\"rss\":12}";
        assertThatThrownBy(() -> JsonCodec.decodeRequest(future, Event.class, "event"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("event: field \"type\": unknown type \"dyno.memory\"");
        assertThat(JsonCodec.decodeResponse(future, Event.class, "event")).isNull();
    }

    @Test
    void clientsIgnoreFieldsAndEnumValuesAddedLaterInV1() {
        String newer = "{\"name\":\"web.1\",\"type\":\"web\",\"state\":\"hibernating\",\"cpu\":0.5}";
        Dyno dyno = JsonCodec.decodeResponse(newer, Dyno.class, "dyno");
        assertThat(dyno.name()).isEqualTo("web.1");
        assertThat(dyno.state()).isNull();
    }

    @Test
    void releaseCreateNeedsOneSlugSource() {
        assertRejected("{\"description\":\"x\"}", ReleaseCreate.class,
                "release: a slug is required: slug_path, slug_url or sha256");
        assertRejected("{\"slug_path\":\"/a.tgz\",\"slug_url\":\"http://h/a.tgz\"}", ReleaseCreate.class,
                "release: give slug_path or slug_url, not both");
        assertRejected("{\"slug_url\":\"ftp://h/a.tgz\"}", ReleaseCreate.class,
                "release: slug_url \"ftp://h/a.tgz\": must be an http or https URL");
        assertRejected("{\"slug_path\":\"/a.tgz\",\"config_vars\":{\"__X\":\"1\"}}", ReleaseCreate.class,
                "release: config var \"__X\": must not start with \"__\"");
    }

    private static void assertRejected(String json, Class<?> type, String message) {
        assertThatThrownBy(() -> JsonCodec.decodeRequest(json, type, what(type)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }

    private static void assertRejectedStartingWith(String json, Class<?> type, String prefix) {
        assertThatThrownBy(() -> JsonCodec.decodeRequest(json, type, what(type)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(prefix);
    }

    private static String what(Class<?> type) {
        if (type == AppSettings.class) {
            return "app settings";
        }
        if (type == FormationBatch.class) {
            return "formation";
        }
        if (type == ReleaseCreate.class) {
            return "release";
        }
        return "app";
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = JsonCodecTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
