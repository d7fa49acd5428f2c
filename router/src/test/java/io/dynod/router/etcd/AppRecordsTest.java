package io.dynod.router.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.Keys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppRecordsTest {

    @Test
    void theRecordsOfEveryAgentRunningAnAppReadAsOne() {
        AppRecords records = new AppRecords();
        Keys.RecordKey a = Keys.parseAppRecord(Keys.app("hello", "agent-a")).orElseThrow();
        Keys.RecordKey b = Keys.parseAppRecord(Keys.app("hello", "agent-b")).orElseThrow();
        records.put(a, new AppEntry(List.of("hello.example.com"), true, Map.of("web", 2)));
        records.put(b, new AppEntry(List.of("hello.example.com"), false, Map.of("web", 1)));
        assertThat(records.get("hello")).isEqualTo(new AppEntry(List.of("hello.example.com"), false, Map.of("web", 3)));

        records.put(b, new AppEntry(List.of(), true, Map.of("web", 1))); // b's record replaced, not added
        assertThat(records.get("hello").sleeping()).isTrue();
        assertThat(records.get("hello").webDynos()).isEqualTo(3);

        records.remove(a);
        assertThat(records.get("hello")).isEqualTo(new AppEntry(List.of(), true, Map.of("web", 1)));
        records.remove(b);
        assertThat(records.get("hello")).isNull();
        assertThat(records.apps()).isEmpty();
    }
}
