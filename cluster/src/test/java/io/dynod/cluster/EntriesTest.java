package io.dynod.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntriesTest {

    private static final String KEY = "/dynod/v1/dynos/hello/web.1";

    @Test
    void aDynoEntrySurvivesTheRoundTrip() {
        DynoEntry entry = new DynoEntry("127.0.0.2", 5001, "up", 7, "agent-a:1234");
        assertThat(DynoEntry.parse(KEY, entry.toJson())).isEqualTo(entry);
        assertThat(entry.isUp()).isTrue();
        assertThat(new DynoEntry("127.0.0.2", 5001, "idle", 7, "x").isUp()).isFalse();
    }

    @Test
    void aBadDynoEntryNamesItsKeyAndField() {
        assertThatThrownBy(() -> DynoEntry.parse(KEY, "not json"))
                .hasMessageStartingWith(KEY + ": value is not a JSON object");
        assertThatThrownBy(() -> DynoEntry.parse(KEY, "{\"host\":\"h\",\"state\":\"up\",\"port\":70000}"))
                .hasMessage(KEY + ": field \"port\" must be 0-65535, got 70000");
        assertThatThrownBy(() -> DynoEntry.parse(KEY, "{\"host\":\"\",\"state\":\"up\",\"port\":1}"))
                .hasMessage(KEY + ": field \"host\" must be a non-empty string, got ");
    }

    @Test
    void anAppEntryReadsDomainsSleepAndFormationAndIgnoresOtherFields() {
        AppEntry entry = new AppEntry(List.of("a.example.com"), true, Map.of("web", 2, "worker", 0));
        assertThat(AppEntry.parse("/k", entry.toJson())).isEqualTo(entry);
        assertThat(AppEntry.parse("/k", "{\"formation\":{\"web\":2},\"release\":3}"))
                .isEqualTo(new AppEntry(List.of(), false, Map.of("web", 2)));
        assertThatThrownBy(() -> AppEntry.parse("/k", "{\"formation\":{\"web\":-1}}"))
                .hasMessage("/k: field \"formation\" gives web -1, expected a count of 0 or more");
        assertThatThrownBy(() -> AppEntry.parse("/k", "{\"domains\":\"a.com\"}"))
                .hasMessage("/k: field \"domains\" must be a list of names, got a.com");
        assertThatThrownBy(() -> AppEntry.parse("/k", "{\"sleeping\":\"yes\"}"))
                .hasMessage("/k: field \"sleeping\" must be true or false, got yes");
    }

    @Test
    void theRecordsOfSeveralAgentsMergeIntoOneApp() {
        AppEntry a = new AppEntry(List.of("a.example.com"), true, Map.of("web", 2));
        AppEntry b = new AppEntry(List.of("b.example.com", "a.example.com"), false, Map.of("web", 1, "worker", 1));
        AppEntry merged = AppEntry.merge(List.of(a, b));
        assertThat(merged.domains()).containsExactly("a.example.com", "b.example.com");
        assertThat(merged.sleeping()).as("awake while any agent has it awake").isFalse();
        assertThat(merged.formation()).isEqualTo(Map.of("web", 3, "worker", 1));
        assertThat(AppEntry.merge(List.of(a, new AppEntry(List.of(), true))).sleeping()).isTrue();
        assertThat(AppEntry.merge(List.of())).isNull();
    }

    @Test
    void aWakeRequestNamesItsRouter() {
        WakeRequest request = new WakeRequest("router-a", 1234L);
        assertThat(WakeRequest.parse("/k", request.toJson())).isEqualTo(request);
        assertThatThrownBy(() -> WakeRequest.parse("/k", "{}")).hasMessageContaining("field \"by\"");
    }

    @Test
    void wakeClaimsLiveOutsideTheWakePrefix() {
        assertThat(Keys.wakeClaim("hello", 42)).isEqualTo("/dynod/v1/wake-claims/hello/42")
                .doesNotStartWith(Keys.WAKE);
    }
}
