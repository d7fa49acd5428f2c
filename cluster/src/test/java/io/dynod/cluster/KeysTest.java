package io.dynod.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    @Test
    void layoutMatchesTheDesign() {
        assertThat(Keys.dyno("shop", "web.1")).isEqualTo("/dynod/v1/dynos/shop/web.1");
        assertThat(Keys.dynosOf("shop")).isEqualTo("/dynod/v1/dynos/shop/");
        assertThat(Keys.app("shop")).isEqualTo("/dynod/v1/apps/shop");
        assertThat(Keys.wake("shop")).isEqualTo("/dynod/v1/wake/shop");
        assertThat(Keys.dyno("shop", "web.1")).startsWith(Keys.DYNOS).startsWith(Keys.ROOT);
        assertThat(Keys.dyno("shop", "web.1", "agent-10.0.0.5")).isEqualTo("/dynod/v1/dynos/shop/web.1@agent-10.0.0.5");
        assertThat(Keys.app("shop", "agent-10.0.0.5")).isEqualTo("/dynod/v1/apps/shop/agent-10.0.0.5");
        assertThat(Keys.traffic("shop", "router-1")).isEqualTo("/dynod/v1/traffic/shop/router-1");
    }

    @Test
    void recordsOfSeveralWritersParseToAppAndWriter() {
        assertThat(Keys.parseAppRecord(Keys.app("shop", "agent-a"))).contains(new Keys.RecordKey("shop", "agent-a"));
        assertThat(Keys.parseAppRecord(Keys.app("shop"))).contains(new Keys.RecordKey("shop", ""));
        assertThat(Keys.parseAppRecord("/dynod/v1/apps/shop/a/b")).isEmpty();
        assertThat(Keys.parseAppRecord("/dynod/v1/apps/shop/")).isEmpty();
        assertThat(Keys.parseTraffic(Keys.traffic("shop", "r1"))).contains(new Keys.RecordKey("shop", "r1"));
        assertThat(Keys.parseTraffic("/dynod/v1/traffic/shop")).isEmpty();
        assertThat(Keys.parseDyno(Keys.dyno("shop", "web.1", "agent-a")))
                .contains(new Keys.DynoKey("shop", "web.1@agent-a"));
    }

    @Test
    void parsesWhatItBuilds() {
        assertThat(Keys.parseDyno(Keys.dyno("shop", "worker.12"))).contains(new Keys.DynoKey("shop", "worker.12"));
        assertThat(Keys.parseApp(Keys.app("shop"))).contains("shop");
        assertThat(Keys.parseWake(Keys.wake("shop"))).contains("shop");
    }

    @Test
    void parsesOnlyKeysOfItsOwnKind() {
        assertThat(Keys.parseDyno(Keys.app("shop"))).isEmpty();
        assertThat(Keys.parseDyno("/dynod/v1/dynos/shop")).isEmpty();
        assertThat(Keys.parseDyno("/dynod/v1/dynos/shop/")).isEmpty();
        assertThat(Keys.parseDyno("/dynod/v1/dynos/shop/web.1/extra")).isEmpty();
        assertThat(Keys.parseApp(Keys.wake("shop"))).isEmpty();
        assertThat(Keys.parseApp("/dynod/v1/apps/")).isEmpty();
        assertThat(Keys.parseWake("/dynod/v1/wake/a/b")).isEmpty();
    }

    @Test
    void refusesNamesThatCannotBeOneKeySegment() {
        assertThatThrownBy(() -> Keys.app("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app name \"a/b\" cannot be an etcd key segment: it contains '/'");
        assertThatThrownBy(() -> Keys.dyno("shop", "")).hasMessageContaining("dyno name").hasMessageContaining("empty");
        assertThatThrownBy(() -> Keys.wake("sh op")).hasMessageContaining("space or control character at index 2");
        assertThatThrownBy(() -> Keys.dynosOf("x".repeat(201))).hasMessageContaining("longer than 200");
    }
}
