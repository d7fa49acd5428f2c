package io.dynod.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "my-app-2", "ab", "a23456789012345678901234567890"})
    void herokuStyleAppNamesPass(String name) {
        assertThat(Names.appName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Hello", "2app", "-app", "my_app", "a234567890123456789012345678901", "app.x", ""})
    void otherAppNamesFail(String name) {
        assertThatThrownBy(() -> Names.appName(name))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("app name \"" + name
                        + "\": must be 2 to 30 lowercase letters, digits and dashes, starting with a letter");
    }

    @Test
    void missingNamesSaySo() {
        assertThatThrownBy(() -> Names.appName(null)).hasMessage("app name is required");
    }

    @Test
    void dynoNamesAreTypeDotNumber() {
        assertThat(Names.dynoName("web.1")).isEqualTo("web.1");
        assertThat(Names.dynoName("run.4821")).isEqualTo("run.4821");
        assertThat(Names.typeOfDyno("clock_2.12")).isEqualTo("clock_2");
        for (String bad : new String[] {"web", "web.0", "web.", ".1", "web.01", "we b.1", "web.1.2"}) {
            assertThatThrownBy(() -> Names.dynoName(bad))
                    .as(bad)
                    .hasMessage("dyno name \"" + bad + "\": must be TYPE.N, like web.1 or run.4821");
        }
    }

    @Test
    void processTypesAreHerokuProcfileNames() {
        assertThat(Names.processType("Web_worker-2")).isEqualTo("Web_worker-2");
        assertThatThrownBy(() -> Names.processType("web.1"))
                .hasMessage("process type \"web.1\": must be 1 to 30 letters, digits, '_' and '-'");
        assertThat(Names.dynoOrType("web")).isEqualTo("web");
        assertThat(Names.dynoOrType("web.2")).isEqualTo("web.2");
    }

    @Test
    void configKeysFollowHerokusRules() {
        assertThat(Names.configKey("DATABASE_URL")).isEqualTo("DATABASE_URL");
        assertThatThrownBy(() -> Names.configKey("__SECRET")).hasMessage("config var \"__SECRET\": must not start with \"__\"");
        assertThatThrownBy(() -> Names.configKey("1X")).hasMessageStartingWith("config var \"1X\": must be letters");
    }

    @Test
    void domainsAreLowercaseHostNames() {
        assertThat(Names.domain("app.example.com")).isEqualTo("app.example.com");
        assertThatThrownBy(() -> Names.domain("App.example.com"))
                .hasMessage("domain \"App.example.com\": must be a lowercase host name like app.example.com");
        assertThatThrownBy(() -> Names.domain("-bad.example.com")).isInstanceOf(InvalidInputException.class);
    }
}
