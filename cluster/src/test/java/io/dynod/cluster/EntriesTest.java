package io.dynod.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
    void anAppEntryReadsDomainsAndSleepAndIgnoresOtherFields() {
        AppEntry entry = new AppEntry(List.of("a.example.com"), true);
        assertThat(AppEntry.parse("/k", entry.toJson())).isEqualTo(entry);
        assertThat(AppEntry.parse("/k", "{\"formation\":{\"web\":2}}")).isEqualTo(new AppEntry(List.of(), false));
        assertThatThrownBy(() -> AppEntry.parse("/k", "{\"domains\":\"a.com\"}"))
                .hasMessage("/k: field \"domains\" must be a list of names, got a.com");
        assertThatThrownBy(() -> AppEntry.parse("/k", "{\"sleeping\":\"yes\"}"))
                .hasMessage("/k: field \"sleeping\" must be true or false, got yes");
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
