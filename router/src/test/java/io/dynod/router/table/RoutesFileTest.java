package io.dynod.router.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesFileTest {

    @Test
    void parsesAppsDomainsTargetsAndDefault() {
        RouteTable t = RoutesFile.parse("routes", List.of(
                "# comment",
                "domain Example.COM",
                "app hello web.3=127.0.0.1:5001 127.0.0.1:5002 domains=www.hello.test,Hello.Test  # trailing",
                "",
                "app empty",
                "default hello"));
        assertThat(t.baseDomain()).isEqualTo("example.com");
        assertThat(t.defaultApp()).hasValue("hello");
        AppRoute hello = t.apps().get(0);
        assertThat(hello.domains()).containsExactly("www.hello.test", "hello.test");
        assertThat(hello.endpoints()).containsExactly(Endpoint.up("web.3", "127.0.0.1", 5001),
                Endpoint.up("web.2", "127.0.0.1", 5002));
        assertThat(t.apps().get(1).endpoints()).isEmpty();
    }

    @Test
    void anAppCanOptInToTheWakingPage() {
        RouteTable t = RoutesFile.parse("routes", List.of("app docs 127.0.0.1:5003 waking-page", "app api"));
        assertThat(t.apps().get(0).wakingPage()).isTrue();
        assertThat(t.apps().get(0).endpoints()).hasSize(1);
        assertThat(t.apps().get(1).wakingPage()).isFalse();
    }

    @Test
    void errorsNameFileAndLine() {
        assertThatThrownBy(() -> RoutesFile.parse("r.txt", List.of("app a 127.0.0.1")))
                .hasMessage("r.txt:1: target '127.0.0.1' (expected: [DYNO=]HOST:PORT)");
        assertThatThrownBy(() -> RoutesFile.parse("r.txt", List.of("", "app a 127.0.0.1:http")))
                .hasMessage("r.txt:2: port of '127.0.0.1:http' is not a number");
        assertThatThrownBy(() -> RoutesFile.parse("r.txt", List.of("app a 127.0.0.1:70000")))
                .hasMessageStartingWith("r.txt:1: target '127.0.0.1:70000': port: 70000");
        assertThatThrownBy(() -> RoutesFile.parse("r.txt", List.of("route a")))
                .hasMessage("r.txt:1: unknown statement 'route' (expected: domain, app or default)");
        assertThatThrownBy(() -> RoutesFile.parse("r.txt", List.of("default nope")))
                .hasMessage("r.txt: default app: nope (expected: one of the apps)");
        assertThatThrownBy(() -> RoutesFile.parse("r.txt", List.of("app a domains=x.io", "app b domains=x.io")))
                .hasMessage("r.txt: domain: x.io claimed by both a and b");
    }
}
